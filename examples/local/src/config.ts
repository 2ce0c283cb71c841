import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { EnrichConfig } from '@clickstream/enrich'
import { parseDurationMs } from '@clickstream/schema/lite'
import { z } from 'zod'
import { ConfigError } from './errors.js'

/** `500ms`, `10s`, `30m`, `1h` or plain milliseconds → milliseconds. */
export function parseDuration(value: string): number {
  const ms = parseDurationMs(value)
  if (ms === undefined)
    throw new ConfigError(`not a duration: ${JSON.stringify(value)} (use e.g. 500ms, 10s, 30m, 1h)`)
  return ms
}

/** `512KiB`, `5MiB`, `1GiB`, `64KB`, `1MB` or plain bytes → bytes (KB/MB are 1000-based). */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/i.exec(value.trim())
  if (!m)
    throw new ConfigError(`not a size: ${JSON.stringify(value)} (use e.g. 512KiB, 5MiB, or bytes)`)
  const units: Record<string, number> = {
    b: 1,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    kb: 1000,
    mb: 1000 ** 2,
    gb: 1000 ** 3,
  }
  return Math.round(Number(m[1]) * (units[(m[2] ?? 'b').toLowerCase()] as number))
}

const port = z.coerce.number().int().min(0).max(65535)
const duration = z.union([z.number(), z.string().transform(parseDuration)])
const size = z.union([z.number(), z.string().transform(parseSize)])
/** `on`/`off` (also `true`/`false`, `1`/`0`) or a boolean. */
const ON_OFF: Record<string, boolean> = {
  on: true,
  off: false,
  true: true,
  false: false,
  1: true,
  0: false,
}
const onOff = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  const flag = typeof value === 'boolean' ? value : ON_OFF[value.trim().toLowerCase()]
  if (flag !== undefined) return flag
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not on or off` })
  return z.NEVER
})
/** Firehose's buffering limits: 1–128 MiB, 0–900 s (locally the size may go below 1 MiB). */
const MAX_LAKE_BUFFER_BYTES = 128 * 1024 * 1024
const MAX_LAKE_BUFFER_INTERVAL_MS = 900_000
/** A host name or IP address as a `Host` header names it, without scheme, port or path. */
const hostName = z
  .string()
  .regex(/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/, {
    error: (issue) =>
      `${JSON.stringify(String(issue.input).slice(0, 100))} is not a host name (no scheme, port or path; IPv6 in brackets)`,
  })

/** `a,b` (a flag or variable) or a list (programmatic use), each item checked by `item`. */
const commaList = (item: z.ZodString) =>
  z.union([
    z.array(item),
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item)),
  ])
const names = commaList(hostName)

/** Settings of the local pipeline. Flags win over environment variables, which win over defaults. */
export const localConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  collectorPort: port.default(8080),
  webPort: port.default(3000),
  /** Host names the web UI answers besides the loopback ones (and `host` when it is one address). */
  allowedHosts: names.default([]),
  kinesisPort: port.default(4567),
  dynamodbPort: port.default(4568),
  /** Where kinesalite, dynalite and the poller's checkpoints keep their data; none when `inMemory`. */
  dataDir: z.string().default(() => join(repoRoot(), '.data')),
  inMemory: z.coerce.boolean().default(false),
  eventsStream: z.string().default('clickstream-events'),
  rejectedStream: z.string().default('clickstream-rejected'),
  shards: z.coerce.number().int().min(1).max(16).default(2),
  table: z.string().default('clickstream-sessions'),
  writeKey: z.string().min(1).default('dev-write-key'),
  gapMs: duration.default(30 * 60_000),
  maxSessionMs: duration.default(24 * 3_600_000),
  batchSize: z.coerce.number().int().min(1).max(10_000).default(100),
  batchingWindowMs: duration.default(500),
  /** Run the delivery stream that fills the lake (`<dataDir>/lake`) and the raw archive. */
  lake: onOff.default(true),
  /** Flush the lake's buffer at this many bytes of records (Firehose: 1–128 MiB). */
  lakeBufferBytes: size
    .pipe(z.number().int().min(1).max(MAX_LAKE_BUFFER_BYTES))
    .default(5 * 1024 * 1024),
  /** …or when its oldest record is this old (Firehose: 0–900 s). */
  lakeBufferIntervalMs: duration
    .pipe(z.number().int().min(0).max(MAX_LAKE_BUFFER_INTERVAL_MS))
    .default(10_000),
  /**
   * The enrichment's geo database: an `.mmdb` file (a MaxMind GeoLite2/GeoIP2 City or Country
   * database), `none` for no geo lookup; absent: the bundled DB-IP country database.
   */
  geoDatabase: z.string().min(1).optional(),
  /** CIDR ranges whose clients count as bots (checked when the enricher opens). */
  botIpRanges: commaList(z.string().min(1)).default([]),
  /** Store IPs anonymised in the lake and the sessions, after the geo lookup. */
  anonymizeIp: onOff.default(false),
  /**
   * How often the collector re-reads the suppression list (`<dataDir>/privacy/suppression.json`,
   * what `pnpm privacy delete` writes): a deletion is in force within it.
   */
  suppressionTtlMs: duration.pipe(z.number().min(100)).default(5_000),
  /**
   * The dev source's tracking plan (`@clickstream/tracking-plan`): a plan file, or `off`. The
   * default, the demo shop's plan, flags every order (it lacks `total`): the debugger shows why.
   */
  trackingPlan: z
    .string()
    .min(1)
    .default(() => DEMO_TRACKING_PLAN),
  quiet: z.coerce.boolean().default(false),
})
export type LocalConfig = z.infer<typeof localConfigSchema>

/** The demo shop's tracking plan (`plans/shop.json` of this example). */
export const DEMO_TRACKING_PLAN = resolve(import.meta.dirname, '../plans/shop.json')

/** Flag → [config key, environment variable, help]. */
const flags = {
  host: ['host', 'CLICKSTREAM_HOST', 'address every server binds to'],
  port: ['collectorPort', 'CLICKSTREAM_COLLECTOR_PORT', 'collector port'],
  'web-port': ['webPort', 'CLICKSTREAM_WEB_PORT', 'demo site and live views port'],
  'allowed-hosts': [
    'allowedHosts',
    'CLICKSTREAM_ALLOWED_HOSTS',
    'more host names the web UI answers (comma list; loopback always)',
  ],
  'kinesis-port': ['kinesisPort', 'CLICKSTREAM_KINESIS_PORT', 'kinesalite port'],
  'dynamodb-port': ['dynamodbPort', 'CLICKSTREAM_DYNAMODB_PORT', 'dynalite port'],
  'data-dir': ['dataDir', 'CLICKSTREAM_DATA_DIR', 'data directory'],
  'in-memory': ['inMemory', 'CLICKSTREAM_IN_MEMORY', 'keep nothing on disk'],
  shards: ['shards', 'CLICKSTREAM_SHARDS', 'shards of the events stream (when created)'],
  'write-key': ['writeKey', 'CLICKSTREAM_WRITE_KEY', 'write key of the dev source'],
  table: ['table', 'CLICKSTREAM_TABLE', "sessions table (a replay's, after a cut-over)"],
  gap: ['gapMs', 'SESSION_GAP_MS', 'session inactivity gap (e.g. 30m, 10s)'],
  'max-session': ['maxSessionMs', 'MAX_SESSION_MS', 'maximum session length'],
  'batch-size': ['batchSize', 'CLICKSTREAM_BATCH_SIZE', 'records per sessionizer invocation'],
  'batching-window': [
    'batchingWindowMs',
    'CLICKSTREAM_BATCHING_WINDOW',
    'how long the poller gathers a batch',
  ],
  lake: ['lake', 'CLICKSTREAM_LAKE', 'fill the event lake and raw archive (on, off)'],
  'lake-buffer-size': [
    'lakeBufferBytes',
    'CLICKSTREAM_LAKE_BUFFER_SIZE',
    'flush the lake at this size (e.g. 5MiB; Firehose 1-128 MiB)',
  ],
  'lake-buffer-interval': [
    'lakeBufferIntervalMs',
    'CLICKSTREAM_LAKE_BUFFER_INTERVAL',
    'or at this age of its oldest record (e.g. 10s; Firehose 0-900 s)',
  ],
  'geo-database': [
    'geoDatabase',
    'CLICKSTREAM_GEO_DATABASE',
    'your own .mmdb (MaxMind GeoLite2/GeoIP2 City), or none; default: the bundled country database',
  ],
  'bot-ip-ranges': [
    'botIpRanges',
    'CLICKSTREAM_BOT_IP_RANGES',
    'clients in these CIDR ranges count as bots (comma list)',
  ],
  'anonymize-ip': [
    'anonymizeIp',
    'CLICKSTREAM_ANONYMIZE_IP',
    'store IPs truncated in the lake and sessions, after the geo lookup (on, off)',
  ],
  'suppression-ttl': [
    'suppressionTtlMs',
    'CLICKSTREAM_SUPPRESSION_TTL',
    're-read the suppression list (pnpm privacy delete) this often (e.g. 5s)',
  ],
  'tracking-plan': [
    'trackingPlan',
    'CLICKSTREAM_TRACKING_PLAN',
    "the dev source's tracking plan file, or off; default: the demo shop's (plans/shop.json)",
  ],
  quiet: ['quiet', 'CLICKSTREAM_QUIET', 'no per-component logs'],
} as const

const booleans = new Set(['in-memory', 'quiet'])

export const HELP = `pnpm start [options]: the whole clickstream pipeline on this machine

${Object.entries(flags)
  .map(([flag, [, env, help]]) => `  --${flag.padEnd(20)} ${help} (env ${env})`)
  .join('\n')}
  --help                 this text`

/** Reads flags and environment into a validated config; throws a readable error on bad values. */
export function loadConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): LocalConfig | 'help' {
  const values = parseFlags(argv)
  if (values.help) return 'help'
  const raw: Record<string, unknown> = {}
  for (const [flag, [key, name]] of Object.entries(flags)) {
    const value = values[flag as keyof typeof values] ?? env[name]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const parsed = localConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`invalid configuration: ${problems}`)
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) }
}

/** The flags as the enrichment's errors name them (`--geo-database: cannot read … (path)`). */
const ENRICH_SETTINGS = { geoDatabase: '--geo-database', botIpRanges: '--bot-ip-ranges' }

/**
 * The one enrichment config of the pipeline, for the lake's delivery stream, the sessionizer and
 * the debugger alike (`openEnricher` of `@clickstream/enrich` opens it).
 */
export function localEnrichConfig(config: LocalConfig): EnrichConfig {
  const geo = config.geoDatabase?.trim()
  return {
    ...(geo === undefined ? {} : { geoDatabase: geo === 'none' ? false : resolve(geo) }),
    ...(config.botIpRanges.length > 0 ? { botIpRanges: config.botIpRanges } : {}),
    ...(config.anonymizeIp ? { anonymizeIp: true } : {}),
    settings: ENRICH_SETTINGS,
  }
}

/** The flags given; an unknown flag or a value-less one is a `ConfigError` (node's own message). */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(
          Object.keys(flags).map(
            (f) => [f, { type: booleans.has(f) ? 'boolean' : 'string' }] as const,
          ),
        ),
        help: { type: 'boolean' },
      },
      strict: true,
    }).values
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error
    throw new ConfigError((error as Error).message, { cause: error })
  }
}

/** The workspace root (the directory with pnpm-workspace.yaml). */
export function repoRoot(from = import.meta.dirname): string {
  let dir = from
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir)
    if (parent === dir) return process.cwd()
    dir = parent
  }
  return dir
}
