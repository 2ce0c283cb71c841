import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { EnrichConfigError } from '@clickstream/enrich'
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '@clickstream/local-aws'
import { createSessionizer, resolveSessionRules } from '@clickstream/sessionizer-lambda'
import { HELP, parseReplayArgs, type ReplayConfig } from './args.js'
import { parseDlqMessage } from './dlq/message.js'
import { ReplayArgumentError, ReplayError } from './errors.js'
import { iso } from './range.js'
import { type ReplayProgress, runReplay } from './replay.js'
import { createArchiveFilesSource } from './source/archive-files.js'
import { createArchiveS3Source } from './source/archive-s3.js'
import { createKinesisRangeSource } from './source/kinesis-range.js'
import { createLakeSource } from './source/lake.js'
import type { ReplaySource } from './source/replay-source.js'
import { countSessions, prepareTable } from './table.js'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  /** What `--dlq-message -` reads. @default all of the process's stdin */
  stdin?: () => Promise<string>
}

/** The source a config names: the local lake or archive, or the archive bucket (not a re-drive's). */
export function sourceOf(config: ReplayConfig, s3?: S3Client): ReplaySource {
  if (config.source === 'stream')
    throw new ReplayArgumentError(
      "a re-drive's records are its DLQ message's batch: createKinesisRangeSource reads them",
    )
  if (config.source === 'lake')
    return createLakeSource({ root: join(config.dataDir, 'lake'), lookbackMs: config.lookbackMs })
  if (config.aws && s3)
    return createArchiveS3Source({
      client: s3,
      bucket: config.bucket as string,
      prefix: config.prefix,
    })
  return createArchiveFilesSource({ root: join(config.dataDir, 'archive') })
}

/** `pnpm replay`: 0 when replayed, 1 when it failed, 2 on bad input. Never throws, never a stack. */
export async function replayCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  now = Date.now(),
): Promise<number> {
  let config: ReplayConfig | 'help'
  try {
    config = parseReplayArgs(argv, env, now)
  } catch (error) {
    return fail(io, error)
  }
  if (config === 'help') {
    io.out(HELP)
    return 0
  }
  const dynamodb = config.aws
    ? new DynamoDBClient({})
    : new DynamoDBClient({
        endpoint: config.dynamodbEndpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      })
  const s3 = config.aws && !config.dlq ? new S3Client({}) : undefined
  let kinesis: KinesisClient | undefined
  let source: ReplaySource | undefined
  const c = config
  try {
    if (c.dlq?.kind === 'queue') {
      throw new ReplayArgumentError(
        "--dlq needs the SQS client (@aws-sdk/client-sqs), which this workspace does not have yet: re-drive each message's body with --dlq-message <file>, then delete it",
      )
    }
    if (c.dlq) {
      const where = c.dlq.path === '-' ? 'the DLQ message on stdin' : c.dlq.path
      const batch = parseDlqMessage(await readMessage(c.dlq.path, io), where)
      kinesis = c.aws
        ? new KinesisClient({ region: batch.region || env.AWS_REGION })
        : new KinesisClient(localClientConfig(c.kinesisEndpoint))
      source = createKinesisRangeSource({ client: kinesis, batch })
      io.err(`replay: re-driving ${source.describe} → table ${c.table}`)
    } else {
      source = sourceOf(c, s3)
      io.err(
        `replay: ${source.describe}, received ${iso(c.range.fromMs)} .. ${iso(c.range.toMs)} → table ${c.table}`,
      )
    }
    const summary = await runReplay({
      source,
      range: c.range,
      table: c.table,
      batchSize: c.batchSize,
      async open(metrics) {
        const rules = resolveSessionRules({ gapMs: c.gapMs, maxSessionMs: c.maxSessionMs })
        // The handler's only client is the one given: no region is read from here.
        const aws = { region: c.aws ? (env.AWS_REGION ?? 'us-east-1') : LOCAL_REGION }
        // First: a geo database that cannot be opened fails before any table is created.
        const sessionizer = createSessionizer(
          {
            tableName: c.table,
            rules,
            deadLetter: { kind: 'table', tableName: c.table },
            aws,
            enrich: c.enrich,
          },
          { dynamodb, metrics },
        )
        await prepareTable(dynamodb, c.table, c.tableMode)
        return sessionizer.handler
      },
      onProgress: (p) => io.err(`replay: ${progressLine(p)}`),
      onSkipped: (s) => io.err(`replay: skipped ${s.where}: ${s.reason}: ${s.message}`),
    })
    const sessions = await countSessions(dynamodb, c.table)
    io.out(summaryText(c, summary, sessions))
    return 0
  } catch (error) {
    return fail(io, error, c)
  } finally {
    await source?.close()
    dynamodb.destroy()
    s3?.destroy()
    kinesis?.destroy()
  }
}

/** `--dlq-message`'s text: the file's, or stdin's for `-`; one that cannot be read is bad input. */
async function readMessage(path: string, io: CliIo): Promise<string> {
  if (path === '-') return (io.stdin ?? readStdin)()
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new ReplayArgumentError(
      `--dlq-message ${path}: cannot read it (${(error as Error).message})`,
      { cause: error },
    )
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

const n = (value: number) => value.toLocaleString('en-US')

function progressLine(p: ReplayProgress) {
  return `${n(p.records)} records, ${n(p.events)} events, ${n(p.applied)} applied, ${n(p.duplicates)} duplicates, ${p.seconds.toFixed(1)} s`
}

function summaryText(c: ReplayConfig, s: ReplayProgress, sessions: number) {
  const rows: [string, string][] = [
    ['records', n(s.records)],
    ['events', n(s.events)],
    ['applied', n(s.applied)],
    ['duplicates', `${n(s.duplicates)} (copies, and what the table had applied before)`],
    ['late', `${n(s.late)} (too late for their key's kept sessions: dead letters in the table)`],
    ['skipped', `${n(s.skipped)} (no valid envelope or event: listed above)`],
    ['sessions', `${n(sessions)} in ${c.table}`],
    ['time', `${s.seconds.toFixed(1)} s`],
  ]
  return [`replayed into ${c.table}:`, ...rows.map(([k, v]) => `  ${k.padEnd(11)}${v}`)].join('\n')
}

/** One line naming what went wrong; the code says whether the input was bad. */
function fail(io: CliIo, error: unknown, config?: ReplayConfig): number {
  if (error instanceof EnrichConfigError) {
    io.err(`replay: ${error.message}`)
    return 2
  }
  if (error instanceof ReplayError) {
    io.err(`replay: ${error.message}`)
    return [
      'invalid_argument',
      'invalid_range',
      'unknown_source',
      'table_exists',
      'invalid_dlq_message',
    ].includes(error.code)
      ? 2
      : 1
  }
  const e = error as Error & { code?: string }
  const refused = e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(e.message))
  if (refused && config && !config.aws) {
    io.err(
      `replay: cannot reach DynamoDB at ${config.dynamodbEndpoint}: is pnpm start running? (or --dynamodb-endpoint)`,
    )
  } else {
    io.err(`replay: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`)
  }
  return 1
}
