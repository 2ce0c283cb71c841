import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { EnrichConfigError } from '@clickstream/enrich'
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '@clickstream/local-aws'
import { createSessionizer, resolveSessionRules } from '@clickstream/sessionizer-lambda'
import { type DlqInput, HELP, parseReplayArgs, type ReplayConfig } from './args.js'
import { type DlqOutcome, type DrainOptions, drainDlq } from './dlq/drain.js'
import { parseDlqMessage } from './dlq/message.js'
import type { DlqQueue } from './dlq/queue.js'
import { createSqsDlqQueue, regionOfQueueUrl } from './dlq/queue-sqs.js'
import { ReplayArgumentError, ReplayError } from './errors.js'
import { iso } from './range.js'
import { type MetricsLike, type ReplayProgress, runReplay } from './replay.js'
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
  /** The queue `--dlq <url>` drains. @default the SQS queue at that URL (`createSqsDlqQueue`) */
  queue?: (url: string) => DlqQueue
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
  const c = config
  const table = openTable(c, env, dynamodb)
  const replay = (source: ReplaySource) =>
    runReplay({
      source,
      range: c.range,
      table: c.table,
      batchSize: c.batchSize,
      open: table.open,
      onProgress: (p) => io.err(`replay: ${progressLine(p)}`),
      onSkipped: (s) => io.err(`replay: skipped ${s.where}: ${s.reason}: ${s.message}`),
    })
  try {
    if (c.dlq?.kind === 'queue') {
      const { url } = c.dlq
      const sqs = io.queue ? undefined : sqsClient(c, env, url)
      const queue = io.queue?.(url) ?? createSqsDlqQueue({ client: sqs as SQSClient, url })
      try {
        return await redriveQueue(c, c.dlq, queue, io, {
          redrive: (m) => redriveMessage(c, env, io, m.body, `message ${m.id}`, replay),
          sessions: async () => (table.prepared() ? countSessions(dynamodb, c.table) : undefined),
        })
      } finally {
        sqs?.destroy()
      }
    }
    let summary: ReplayProgress
    if (c.dlq) {
      const where = c.dlq.path === '-' ? 'the DLQ message on stdin' : c.dlq.path
      summary = await redriveMessage(c, env, io, await readMessage(c.dlq.path, io), where, replay)
    } else {
      const source = sourceOf(c, s3)
      io.err(
        `replay: ${source.describe}, received ${iso(c.range.fromMs)} .. ${iso(c.range.toMs)} → table ${c.table}`,
      )
      try {
        summary = await replay(source)
      } finally {
        await source.close()
      }
    }
    const sessions = await countSessions(dynamodb, c.table)
    io.out(summaryText(c, summary, sessions))
    return 0
  } catch (error) {
    return fail(io, error, c)
  } finally {
    dynamodb.destroy()
    s3?.destroy()
  }
}

/**
 * `runReplay`'s `open` for this config: the sessionizer's handler over the target table, made
 * for each run (its metrics are the run's); the table is prepared once (a fresh one by the first).
 */
function openTable(c: ReplayConfig, env: NodeJS.ProcessEnv, dynamodb: DynamoDBClient) {
  let prepared = false
  return {
    prepared: () => prepared,
    async open(metrics: MetricsLike) {
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
      if (!prepared) await prepareTable(dynamodb, c.table, c.tableMode)
      prepared = true
      return sessionizer.handler
    },
  }
}

/** The `--dlq-message` path: the batch a message's body points at, read from its stream, replayed. */
async function redriveMessage(
  c: ReplayConfig,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  text: string,
  where: string,
  replay: (source: ReplaySource) => Promise<ReplayProgress>,
): Promise<ReplayProgress> {
  const batch = parseDlqMessage(text, where)
  const kinesis = c.aws
    ? new KinesisClient({ region: batch.region || env.AWS_REGION })
    : new KinesisClient(localClientConfig(c.kinesisEndpoint))
  const source = createKinesisRangeSource({ client: kinesis, batch })
  try {
    io.err(`replay: re-driving ${source.describe} → table ${c.table}`)
    return await replay(source)
  } finally {
    await source.close()
    kinesis.destroy()
  }
}

/** `--dlq`: the queue's messages re-driven (`drainDlq`), one report line each; 1 if any failed. */
async function redriveQueue(
  c: ReplayConfig,
  dlq: Extract<DlqInput, { kind: 'queue' }>,
  queue: DlqQueue,
  io: CliIo,
  run: { redrive: DrainOptions['redrive']; sessions: () => Promise<number | undefined> },
): Promise<number> {
  io.err(
    `replay: receiving up to ${n(dlq.maxMessages)} messages of ${queue.describe}${dlq.keep ? ' (--keep: none is deleted)' : ''}`,
  )
  const { outcomes, stoppedBy } = await drainDlq({
    queue,
    maxMessages: dlq.maxMessages,
    keep: dlq.keep,
    redrive: run.redrive,
    onOutcome: (o) => {
      if (o.status === 'failed')
        io.err(`replay: message ${o.id} left in the queue: ${o.error.message}`)
    },
  })
  const sessions = await run.sessions().catch(() => undefined)
  io.out(queueReport(c, queue, outcomes, sessions))
  if (stoppedBy !== undefined) return fail(io, stoppedBy, c)
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0
}

/** The SQS client for a queue URL: with `--aws` the SDK's chain in the URL's region; else its host (an SQS-compatible server). */
function sqsClient(c: ReplayConfig, env: NodeJS.ProcessEnv, url: string): SQSClient {
  return c.aws
    ? new SQSClient({ region: regionOfQueueUrl(url) ?? env.AWS_REGION })
    : new SQSClient(localClientConfig(new URL(url).origin))
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

function queueReport(
  c: ReplayConfig,
  queue: DlqQueue,
  outcomes: readonly DlqOutcome[],
  sessions: number | undefined,
) {
  if (outcomes.length === 0) return `no message in ${queue.describe}: nothing to re-drive`
  const count = (status: DlqOutcome['status']) => outcomes.filter((o) => o.status === status).length
  const width = Math.max(...outcomes.map((o) => o.id.length)) + 2
  const lines = outcomes.map((o) => {
    const counts = o.progress
      ? `applied ${n(o.progress.applied)}, duplicates ${n(o.progress.duplicates)}, late ${n(o.progress.late)}`
      : ''
    const what =
      o.status === 'failed'
        ? `failed (left in the queue): ${o.error.message}${counts ? ` (${counts})` : ''}`
        : `${o.status === 'deleted' ? 'deleted' : 'kept (--keep)'}: ${counts}`
    return `  ${o.id.padEnd(width)}${what}`
  })
  return [
    `re-drove ${n(outcomes.length)} messages of ${queue.describe} into ${c.table}: ${n(count('deleted'))} deleted, ${n(count('kept'))} kept, ${n(count('failed'))} failed`,
    ...lines,
    ...(sessions === undefined ? [] : [`  sessions: ${n(sessions)} in ${c.table}`]),
  ].join('\n')
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
