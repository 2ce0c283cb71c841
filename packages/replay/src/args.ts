import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ENRICH_ENV, type EnrichConfig, parseEnrichEnv } from '@clickstream/enrich'
import { parseDurationMs } from '@clickstream/schema/lite'
import { ReplayArgumentError, UnknownSourceError } from './errors.js'
import { EVERYTHING, parseRange, type ReplayRange } from './range.js'
import { freshTableName, type TableMode } from './table.js'

export const SOURCES = ['lake', 'archive'] as const
export type SourceName = (typeof SOURCES)[number]

/** What `--dlq-message` or `--dlq` re-drives: one message's body, or a queue's messages. */
export type DlqInput =
  | { kind: 'message' /** a file, or `-` for stdin */; path: string }
  | { kind: 'queue'; url: string; maxMessages: number; keep: boolean }

/** Everything `pnpm replay` runs with, resolved from flags and environment. */
export interface ReplayConfig {
  /** `stream`: the records a dead-letter message points at (`dlq`), read from the stream. */
  source: SourceName | 'stream'
  /** By receipt; everything when re-driving a dead-letter message (its records are the range). */
  range: ReplayRange
  dlq?: DlqInput
  /** kinesalite's endpoint when local (`dlq`). */
  kinesisEndpoint: string
  table: string
  tableMode: TableMode
  /** Against AWS (credentials and region from the SDK's default chain) instead of dynalite. */
  aws: boolean
  dataDir: string
  /** dynalite's endpoint when local. */
  dynamodbEndpoint: string
  bucket: string | undefined
  prefix: string
  gapMs: number
  maxSessionMs: number
  lookbackMs: number
  batchSize: number
  /** How the replay re-enriches the sessions: `--geo-database`, `--bot-ip-ranges`, `ENRICH_*`. */
  enrich: EnrichConfig
}

const options = {
  from: { type: 'string' },
  to: { type: 'string' },
  source: { type: 'string' },
  table: { type: 'string' },
  'new-table': { type: 'string' },
  'data-dir': { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  'kinesis-endpoint': { type: 'string' },
  'dlq-message': { type: 'string' },
  dlq: { type: 'string' },
  'max-messages': { type: 'string' },
  keep: { type: 'boolean' },
  aws: { type: 'boolean' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  gap: { type: 'string' },
  'max-session': { type: 'string' },
  lookback: { type: 'string' },
  settle: { type: 'string' },
  'batch-size': { type: 'string' },
  'geo-database': { type: 'string' },
  'bot-ip-ranges': { type: 'string' },
  help: { type: 'boolean' },
} as const

export const HELP = `pnpm replay --from <date|time> [options]: rebuilds the sessions table from the lake or the archive
pnpm replay --dlq-message <file|-> [options]: re-drives the batch a sessionizer DLQ message points at
pnpm replay --dlq <queue URL> [options]: re-drives the sessionizer DLQ's messages, deleting each once done

  --from, --to        events the collector received in [from, to): a UTC date (a date in --to is
                      that whole day) or an ISO-8601 time; --to defaults to now minus --settle
  --settle            how long before now an event may still be on its way to the files (15m)
  --source            lake (default locally) or archive (default with --aws)
  --new-table NAME    the fresh table to create (default <CLICKSTREAM_TABLE>-replay-<now>); must not exist
  --table NAME        replay into NAME, created unless it exists (consent: the same replay again is idempotent)
  --data-dir          local data (CLICKSTREAM_DATA_DIR, <repo>/.data): the lake in lake/, the archive in archive/
  --dynamodb-endpoint dynalite of pnpm start (CLICKSTREAM_DYNAMODB_ENDPOINT, http://127.0.0.1:<CLICKSTREAM_DYNAMODB_PORT or 4568>)
  --aws               real AWS: region and credentials from the environment (the SDK's default chain)
  --bucket, --prefix  with --aws, the archive bucket (CLICKSTREAM_ARCHIVE_BUCKET) and what precedes events/ in its keys
  --gap, --max-session the sessionizer's rules (SESSION_GAP_MS 30m, MAX_SESSION_MS 24h): use the live ones
  --lookback          lake only: how long before --from an event received in the range may have happened (7d)
  --batch-size        records per sessionizer invocation (500)
  --geo-database      the .mmdb the sessions are re-enriched with, or none (ENRICH_GEO_DATABASE; default the bundled DB-IP country database)
  --bot-ip-ranges     comma-separated CIDR ranges whose clients count as bots (ENRICH_BOT_IP_RANGES)
  --dlq-message FILE  the body of a message of the sessionizer's dead-letter queue (- for stdin): re-drives
                      the records it points at, read from the stream, into --table (default CLICKSTREAM_TABLE,
                      clickstream-sessions); a second re-drive of the same message applies nothing
  --dlq QUEUE_URL     re-drives the dead-letter queue's messages, each as --dlq-message, and deletes each
                      once its re-drive succeeded; a message that fails stays in the queue (exit code 1)
  --max-messages N    with --dlq: receive at most N messages (10)
  --keep              with --dlq: delete none (a later run applies nothing of them again)
  --kinesis-endpoint  kinesalite of pnpm start (CLICKSTREAM_KINESIS_ENDPOINT, http://127.0.0.1:<CLICKSTREAM_KINESIS_PORT or 4567>)
  --help              this text`

/** `500ms`, `10s`, `30m`, `1h`, `7d` or plain milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const ms = parseDurationMs(value)
  if (ms === undefined)
    throw new ReplayArgumentError(
      `${flag} ${JSON.stringify(value)} is not a duration (e.g. 30m, 24h, 7d)`,
    )
  return ms
}

/** Flags and environment as a `ReplayConfig`, or `help`; bad input is a `ReplayError` naming it. */
export function parseReplayArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
  now: number,
): ReplayConfig | 'help' {
  let values: ReturnType<typeof parse>
  const parse = () =>
    parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values
  try {
    values = parse()
  } catch (error) {
    throw new ReplayArgumentError(`${(error as Error).message} (pnpm replay --help)`, {
      cause: error,
    })
  }
  if (values.help) return 'help'
  const aws = values.aws ?? false
  const dlq = dlqInput(values)
  const source = dlq ? 'stream' : (values.source ?? (aws ? 'archive' : 'lake'))
  if (!dlq && !(SOURCES as readonly string[]).includes(source))
    throw new UnknownSourceError(source, SOURCES)
  if (aws && source === 'lake') {
    throw new ReplayArgumentError(
      '--aws reads the archive bucket (--source archive): the lake on S3 is for Athena',
    )
  }
  const bucket = values.bucket ?? env.CLICKSTREAM_ARCHIVE_BUCKET
  if (aws && !bucket && !dlq)
    throw new ReplayArgumentError(
      '--aws needs --bucket (or CLICKSTREAM_ARCHIVE_BUCKET): the archive bucket',
    )
  if (values.table !== undefined && values['new-table'] !== undefined) {
    throw new ReplayArgumentError('--table and --new-table name the same thing: give one')
  }
  const duration = (flag: string, value: string | undefined, fallback: number) =>
    value === undefined || value === '' ? fallback : parseDuration(flag, value)
  const settle = duration('--settle', values.settle, 15 * 60_000)
  const range = dlq
    ? EVERYTHING
    : parseRange(values.from, values.to ?? new Date(now - settle).toISOString(), now)
  // A re-drive completes the live table: by default the one the sessionizer writes.
  const live = env.CLICKSTREAM_TABLE || (aws ? undefined : 'clickstream-sessions')
  if (dlq && aws && values.table === undefined && values['new-table'] === undefined && !live) {
    throw new ReplayArgumentError(
      `--${dlq.kind === 'message' ? 'dlq-message' : 'dlq'} with --aws needs --table (or CLICKSTREAM_TABLE): the sessionizer's table`,
    )
  }
  const named = values.table ?? values['new-table'] ?? (dlq ? live : undefined)
  const batchSize = Number(values['batch-size'] ?? 500)
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new ReplayArgumentError(
      `--batch-size ${JSON.stringify(values['batch-size'])} is not a whole number from 1 to 10000`,
    )
  }
  return {
    source,
    range,
    table: named ?? freshTableName(env.CLICKSTREAM_TABLE || 'clickstream-sessions', now),
    tableMode: values.table !== undefined || (dlq && !values['new-table']) ? 'existing' : 'fresh',
    aws,
    dataDir: resolve(values['data-dir'] ?? env.CLICKSTREAM_DATA_DIR ?? join(repoRoot(), '.data')),
    dynamodbEndpoint:
      values['dynamodb-endpoint'] ??
      env.CLICKSTREAM_DYNAMODB_ENDPOINT ??
      `http://127.0.0.1:${env.CLICKSTREAM_DYNAMODB_PORT || 4568}`,
    kinesisEndpoint:
      values['kinesis-endpoint'] ??
      env.CLICKSTREAM_KINESIS_ENDPOINT ??
      `http://127.0.0.1:${env.CLICKSTREAM_KINESIS_PORT || 4567}`,
    bucket,
    prefix: values.prefix ?? '',
    gapMs: duration('--gap', values.gap ?? env.SESSION_GAP_MS, 30 * 60_000),
    maxSessionMs: duration(
      '--max-session',
      values['max-session'] ?? env.MAX_SESSION_MS,
      24 * 3_600_000,
    ),
    lookbackMs: duration('--lookback', values.lookback, 7 * 86_400_000),
    batchSize,
    enrich: enrichConfig(values['geo-database'], values['bot-ip-ranges'], env),
    ...(dlq ? { dlq } : {}),
  } as ReplayConfig
}

/** Flags of a replay by receipt: a re-drive's records are the ones its message points at. */
const RANGE_FLAGS = ['from', 'to', 'settle', 'source', 'lookback', 'bucket', 'prefix'] as const

/** `--dlq-message` or `--dlq`, checked against the flags that do not go with them. */
function dlqInput(values: Record<string, string | boolean | undefined>): DlqInput | undefined {
  const message = values['dlq-message'] as string | undefined
  const url = values.dlq as string | undefined
  if (message !== undefined && url !== undefined)
    throw new ReplayArgumentError('--dlq-message and --dlq both say what to re-drive: give one')
  if (url === undefined) {
    for (const flag of ['max-messages', 'keep'])
      if (values[flag] !== undefined) throw new ReplayArgumentError(`--${flag} goes with --dlq`)
  }
  if (message === undefined && url === undefined) return undefined
  const flag = message !== undefined ? '--dlq-message' : '--dlq'
  for (const other of RANGE_FLAGS) {
    if (values[other] !== undefined)
      throw new ReplayArgumentError(
        `${flag} re-drives the records its message points at: --${other} does not go with it`,
      )
  }
  if (message !== undefined) {
    if (message === '') throw new ReplayArgumentError('--dlq-message needs a file, or - for stdin')
    return { kind: 'message', path: message }
  }
  if (!/^https?:\/\/\S+$/.test(url as string))
    throw new ReplayArgumentError(`--dlq ${JSON.stringify(url)} is not a queue URL (https://sqs.…)`)
  const maxMessages = Number(values['max-messages'] ?? 10)
  if (!Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > 10_000) {
    throw new ReplayArgumentError(
      `--max-messages ${JSON.stringify(values['max-messages'])} is not a whole number from 1 to 10000`,
    )
  }
  return { kind: 'queue', url: url as string, maxMessages, keep: values.keep === true }
}

/**
 * The enrichment settings: the flags win over the `ENRICH_*` environment (the sessionizer
 * Lambda's), read the same way (`parseEnrichEnv`); errors name the setting as it was given.
 */
function enrichConfig(
  geoDatabase: string | undefined,
  botIpRanges: string | undefined,
  env: NodeJS.ProcessEnv,
): EnrichConfig {
  const config = parseEnrichEnv({
    ...env,
    ...(geoDatabase !== undefined ? { [ENRICH_ENV.geoDatabase]: geoDatabase } : {}),
    ...(botIpRanges !== undefined ? { [ENRICH_ENV.botIpRanges]: botIpRanges } : {}),
  })
  return {
    ...config,
    settings: {
      geoDatabase: geoDatabase !== undefined ? '--geo-database' : ENRICH_ENV.geoDatabase,
      botIpRanges: botIpRanges !== undefined ? '--bot-ip-ranges' : ENRICH_ENV.botIpRanges,
    },
  }
}

/** The workspace root (the folder with pnpm-workspace.yaml), else the working directory. */
function repoRoot(from = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    if (dirname(dir) === dir) return process.cwd()
  }
}
