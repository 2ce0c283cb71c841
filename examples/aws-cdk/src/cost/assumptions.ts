/** Alarms of the stack with its defaults (the stack test holds the template to it). */
export const DEFAULT_ALARMS = 28

/** What the stack does with its traffic; each figure says where it comes from. */
export interface CostAssumptions {
  /** Events a day: batch fullness (and so the sessionizer's invocations) and provisioned shards follow it. */
  eventsPerDay: number
  /** Enriched event as JSON inside the envelope, bytes (assumed: a page/track call with context). */
  eventBytes: number
  /** Events per collector request (set by the traffic shape, `TRAFFIC_SHAPES`). */
  eventsPerRequest: number
  /** Events per Kinesis record: the collector writes one record per partition key per request (the shape). */
  eventsPerRecord: number
  /** Collector memory (MB) and billed duration per request (ms, assumed: 5 ms linger + one PutRecords round trip, whatever the batch). */
  collectorMemoryMb: number
  collectorMsPerRequest: number
  /** The event source mapping's batch size and batching window (config.ts defaults: 100, 1 s). */
  batchSize: number
  batchingWindowSeconds: number
  /** Shards an on-demand stream has at first: 4 MB/s and 4,000 records/s of writes (AWS's on-demand floor). */
  onDemandShards: number
  /** Peak over average traffic, for provisioned shards (assumed: a daily peak twice the mean). */
  peakToAverage: number
  /**
   * Sessionizer memory (MB) and billed time: a floor per invocation plus a time per record (ms). Assumed:
   * 50 ms floor (the concurrent DynamoDB round trips); 10 ms per 10-event record, the earlier model's
   * 1,000 ms per full batch of 100; a 1-event record 3.9 ms, by the CPU the one-off measurement below
   * spent per record (1.7 ms against 4.4 ms, dynalite in process).
   */
  sessionizerMemoryMb: number
  sessionizerMsPerInvocation: number
  sessionizerMsPerRecord: number
  /**
   * DynamoDB write units per event on the base table. Our SDK's shape: 0.193, BENCHMARKS.md §5 "DynamoDB
   * writes per event" (full run of 2026-11-22, batch 100, 10 events per record, 100 browsers per shard;
   * packages/sessionizer-lambda/bench/RESULTS.md has the same). One event per record: 1.239, a one-off
   * run of that benchmark's handler and dynalite on the same events, each its own record, by event time
   * (2026-12, batch 100; the 10-event case gave 0.207 on that day's code). The figures differ by shape:
   * the sessionizer writes per key per batch, so fewer events per record cost more writes per event.
   */
  writeUnitsPerEvent: number
  /**
   * …and on the GSIs: dynalite reports no GSI units, so each session-item put (half the write requests:
   * 0.052 per event at 10 per record, 0.328 at 1) is counted once, in `bySessionId` (items under 1 KB;
   * anonymous traffic is not in `byUserId`).
   */
  gsiWriteUnitsPerEvent: number
  /** Read units per event: the consistent queries of the same runs (0.094 at 10 events per record, 0.651 at 1). */
  readUnitsPerEvent: number
  /** Compression of the archive (assumed gzip on JSON lines). */
  archiveCompressionRatio: number
  /** Envelope JSON over the Parquet the lake's Firehose writes (assumed: GZIP Parquet, no dictionary). */
  lakeCompressionRatio: number
  /** Transformation Lambda memory (MB) and billed time per 1 MiB batch (ms; 36 ms per MiB measured on one x86 core, assumed ×4 for 512 MB arm64). */
  lakeTransformMemoryMb: number
  lakeTransformMsPerInvocation: number
  /** Times a month a query reads an event's columns (assumed: a daily dashboard over the last 30 days). */
  athenaScansPerEvent: number
  /** Log bytes per collector request and per sessionizer invocation (platform lines + one JSON line). */
  collectorLogBytes: number
  sessionizerLogBytes: number
  /** Stream retention, hours (the lead's decision for issue 20: 168, with the mapping's maximum record age 24 h). */
  retentionHours: number
  /** Bytes CloudFront forwards to the origin per request beyond the events: headers, origin secret (assumed). */
  requestOverheadBytes: number
  /** Bytes of each response to the browser: status, CORS headers, a small JSON body (assumed). */
  responseBytes: number
  /** Share of events refused into the rejected stream, each its own record (assumed: 0.1 %). */
  rejectedShare: number
  /** Rules in the web ACL (the stack's: a rate-based rule and three AWS managed rule groups). */
  wafRules: number
  /**
   * Secrets Manager API calls a month: the collector re-reads the origin secret's three stages
   * every 5 minutes per warm execution environment (25,920 a month each), assumed 4 environments.
   */
  secretApiCallsPerMonth: number
  /** Standard alarms (the lead's count for issue 20: ~20, the dead letters and the CDN's included). */
  alarms: number
  /** 1 on, 0 off: CloudFront + AWS WAF in front of the collector (`cdn: true` by default). */
  cdn: number
  /** 1 on, 0 off: the Parquet lake (Firehose, Glue, Athena). */
  lake: number
  /** 1 provisioned shards, 0 on-demand streams (the default). */
  provisioned: number
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  eventsPerDay: 10_000_000,
  eventBytes: 1000,
  eventsPerRequest: 10,
  eventsPerRecord: 10,
  collectorMemoryMb: 512,
  collectorMsPerRequest: 30,
  batchSize: 100,
  batchingWindowSeconds: 1,
  onDemandShards: 4,
  peakToAverage: 2,
  sessionizerMemoryMb: 1024,
  sessionizerMsPerInvocation: 50,
  sessionizerMsPerRecord: 10,
  writeUnitsPerEvent: 0.193,
  gsiWriteUnitsPerEvent: 0.052,
  readUnitsPerEvent: 0.094,
  archiveCompressionRatio: 8,
  lakeCompressionRatio: 12,
  lakeTransformMemoryMb: 512,
  lakeTransformMsPerInvocation: 150,
  athenaScansPerEvent: 30,
  collectorLogBytes: 600,
  sessionizerLogBytes: 1000,
  retentionHours: 168,
  requestOverheadBytes: 700,
  responseBytes: 300,
  rejectedShare: 0.001,
  wafRules: 4,
  secretApiCallsPerMonth: 4 * 3 * 12 * 24 * 30,
  alarms: DEFAULT_ALARMS,
  cdn: 1,
  lake: 1,
  provisioned: 0,
}

/** What the one-off measurement gave for one event per Kinesis record (see the fields' comments). */
const ONE_EVENT_PER_RECORD = {
  eventsPerRecord: 1,
  writeUnitsPerEvent: 1.239,
  gsiWriteUnitsPerEvent: 0.328,
  readUnitsPerEvent: 0.651,
  sessionizerMsPerRecord: 3.9,
} satisfies Partial<CostAssumptions>

/** How a client sends its events; each shape overrides the defaults. */
export const TRAFFIC_SHAPES = {
  /** Our browser SDK: batches of `batchSize` 20 within `flushInterval` 1 s; ~10 a request on average (assumed). */
  sdk: {},
  /** Segment's analytics.js: one event per request, so one event per record. */
  'analytics.js': { eventsPerRequest: 1, ...ONE_EVENT_PER_RECORD },
  /**
   * sdk-node: full batches of `maxEventsInBatch` (default 15, packages/sdk-node/src/options.ts) at any
   * volume worth pricing; a server's batch mixes users, so one event per record (assumed).
   */
  node: { eventsPerRequest: 15, ...ONE_EVENT_PER_RECORD },
} satisfies Record<string, Partial<CostAssumptions>>

export type TrafficShape = keyof typeof TRAFFIC_SHAPES
export const SHAPE_NAMES = Object.keys(TRAFFIC_SHAPES) as TrafficShape[]

/** The defaults, a shape, then any overrides. */
export function assumptionsOf(
  shape: TrafficShape,
  overrides: Partial<CostAssumptions> = {},
): CostAssumptions {
  return { ...DEFAULT_ASSUMPTIONS, ...TRAFFIC_SHAPES[shape], ...overrides }
}
