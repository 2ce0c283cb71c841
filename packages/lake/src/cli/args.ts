import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseDurationMs } from '@clickstream/schema/lite'
import { InvalidOptionError } from '../errors.js'
import type { EventDateRange } from '../sql/views.js'

export type OutputFormat = 'table' | 'json' | 'csv'

/** `pnpm sql`'s settings: flags win over environment variables, which win over defaults. */
export interface SqlCliOptions {
  /** The SQL given as the argument; none opens the prompt. */
  sql?: string
  /** `--query <name>`: a named query. */
  named?: string
  list: boolean
  help: boolean
  format: OutputFormat
  lake: string
  gapMs?: number
  maxSessionMs?: number
  range: EventDateRange | undefined
  fullScan: boolean
  includeBots: boolean
  maxScanFiles: number
  reconcile: boolean
  dynamodbEndpoint: string
  table: string
}

export const HELP = `pnpm sql ["<query>"] [options]: SQL on the event lake with DuckDB

  (no query)            an interactive prompt: statements end with ";", .quit leaves
  --query <name>        run a named query (--list names them); its range: --from/--to or 30 days
  --list                the named queries and the views
  --format <f>          table (default), json or csv
  --lake <dir>          the lake's root (env CLICKSTREAM_LAKE_DIR; default <repo>/.data/lake)
  --from <date> --to <date>
                        restrict every view to these event dates (YYYY-MM-DD, inclusive)
  --gap <duration>      the sessions view's inactivity gap (env SESSION_GAP_MS; default 30m)
  --max-session <dur>   the maximum session length (env MAX_SESSION_MS; default 24h)
  --include-bots        count bots' events and sessions in the named queries (default: left out)
  --full-scan           allow a query that reads the whole lake, however many files
  --max-scan-files <n>  above this many files the guard refuses whole-lake queries (default 1000)
  --reconcile           compare the sessions view with the sessionizer's DynamoDB sessions
  --dynamodb <url>      DynamoDB for --reconcile (env CLICKSTREAM_DYNAMODB_PORT; default :4568)
  --table <name>        the sessions table (env CLICKSTREAM_TABLE; default clickstream-sessions)
  --help                this text`

const FLAGS = {
  query: { type: 'string' },
  list: { type: 'boolean' },
  format: { type: 'string' },
  lake: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  gap: { type: 'string' },
  'max-session': { type: 'string' },
  'full-scan': { type: 'boolean' },
  'include-bots': { type: 'boolean' },
  'max-scan-files': { type: 'string' },
  reconcile: { type: 'boolean' },
  dynamodb: { type: 'string' },
  table: { type: 'string' },
  help: { type: 'boolean' },
} as const

/** `500ms`, `10s`, `30m`, `1h` or plain milliseconds → milliseconds (as `pnpm start` reads them). */
export function parseDuration(option: string, value: string): number {
  const ms = parseDurationMs(value)
  if (ms === undefined)
    throw new InvalidOptionError(option, `not a duration: ${JSON.stringify(value)} (e.g. 30m)`)
  return ms
}

export function parseSqlArgs(argv: string[], env: NodeJS.ProcessEnv, cwd: string): SqlCliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true }>>
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (error) {
    throw new InvalidOptionError('arguments', (error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length > 1)
    throw new InvalidOptionError('query', 'give one query, in quotes: pnpm sql "SELECT …"')
  const format = values.format ?? 'table'
  if (format !== 'table' && format !== 'json' && format !== 'csv')
    throw new InvalidOptionError('--format', `table, json or csv, not ${JSON.stringify(format)}`)
  if ((values.from === undefined) !== (values.to === undefined))
    throw new InvalidOptionError('--from/--to', 'give both, e.g. --from 2026-03-01 --to 2026-03-31')
  const gap = values.gap ?? env.SESSION_GAP_MS
  const maxSession = values['max-session'] ?? env.MAX_SESSION_MS
  const maxScanFiles = Number(values['max-scan-files'] ?? 1000)
  if (!Number.isInteger(maxScanFiles) || maxScanFiles < 0)
    throw new InvalidOptionError('--max-scan-files', 'a whole number of files')
  const port = env.CLICKSTREAM_DYNAMODB_PORT ?? '4568'
  return {
    ...(positionals[0] !== undefined ? { sql: positionals[0] } : {}),
    ...(values.query !== undefined ? { named: values.query } : {}),
    list: values.list ?? false,
    help: values.help ?? false,
    format,
    lake: resolve(cwd, values.lake ?? env.CLICKSTREAM_LAKE_DIR ?? defaultLake(cwd, env)),
    ...(gap ? { gapMs: parseDuration('--gap', gap) } : {}),
    ...(maxSession ? { maxSessionMs: parseDuration('--max-session', maxSession) } : {}),
    range: values.from && values.to ? { from: values.from, to: values.to } : undefined,
    fullScan: values['full-scan'] ?? false,
    includeBots: values['include-bots'] ?? false,
    maxScanFiles,
    reconcile: values.reconcile ?? false,
    dynamodbEndpoint: values.dynamodb ?? `http://127.0.0.1:${port}`,
    table: values.table ?? env.CLICKSTREAM_TABLE ?? 'clickstream-sessions',
  }
}

/** `<data dir>/lake`: `CLICKSTREAM_DATA_DIR`, else the repository's `.data` (as `pnpm start`). */
function defaultLake(cwd: string, env: NodeJS.ProcessEnv): string {
  if (env.CLICKSTREAM_DATA_DIR) return join(env.CLICKSTREAM_DATA_DIR, 'lake')
  let dir = resolve(cwd)
  while (!existsSync(join(dir, 'pnpm-workspace.yaml')) && dirname(dir) !== dir) dir = dirname(dir)
  return join(existsSync(join(dir, 'pnpm-workspace.yaml')) ? dir : cwd, '.data', 'lake')
}
