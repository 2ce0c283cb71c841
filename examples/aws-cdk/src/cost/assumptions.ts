/** What one million events look like; each figure says where it comes from. */
export interface CostAssumptions {
  /** Enriched event as JSON inside the envelope, bytes (assumed: a page/track call with context). */
  eventBytes: number
  /** Events per collector request (assumed: the SDKs batch; Segment's analytics.js sends 1). */
  eventsPerRequest: number
  /** Events per Kinesis record: one record per partition key per request (sessionizer benchmark: 10). */
  eventsPerRecord: number
  /** Collector memory (MB) and billed duration per request (ms, assumed: 5 ms linger + one PutRecords round trip). */
  collectorMemoryMb: number
  collectorMsPerRequest: number
  /** Records per sessionizer invocation (the event source mapping's batch size, full batches). */
  recordsPerInvocation: number
  /** Sessionizer memory (MB) and billed duration per invocation (ms; the benchmark does ~1,000 events/s at batch 100 against in-process dynalite). */
  sessionizerMemoryMb: number
  sessionizerMsPerInvocation: number
  /**
   * DynamoDB write units per event on the base table (packages/sessionizer-lambda/bench/RESULTS.md,
   * batch 100: 0.087 in a --tiny run with 20 browsers per shard; more browsers per batch, more writes).
   */
  writeUnitsPerEvent: number
  /** …and on the two GSIs (assumed: about half of the 0.040 write requests per event are session items, each in both GSIs at ~1 unit). */
  gsiWriteUnitsPerEvent: number
  /** Read units per event (assumed: one or two consistent queries per committed key, ~1 unit each). */
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
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  eventBytes: 1000,
  eventsPerRequest: 10,
  eventsPerRecord: 10,
  collectorMemoryMb: 512,
  collectorMsPerRequest: 30,
  recordsPerInvocation: 100,
  sessionizerMemoryMb: 1024,
  sessionizerMsPerInvocation: 1000,
  writeUnitsPerEvent: 0.087,
  gsiWriteUnitsPerEvent: 0.04,
  readUnitsPerEvent: 0.04,
  archiveCompressionRatio: 8,
  lakeCompressionRatio: 12,
  lakeTransformMemoryMb: 512,
  lakeTransformMsPerInvocation: 150,
  athenaScansPerEvent: 30,
  collectorLogBytes: 600,
  sessionizerLogBytes: 1000,
}
