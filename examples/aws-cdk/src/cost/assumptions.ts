/** What one million events look like; each figure says where it comes from. */
export interface CostAssumptions {
  /** Enriched event as JSON inside the envelope, bytes (assumed: a page/track call with context). */
  eventBytes: number
  /** Events per collector request (assumed: the SDKs batch; Segment's analytics.js sends 1). */
  eventsPerRequest: number
  /** Events per Kinesis record: one record per partition key per request (sessionizer benchmark: 10). */
  eventsPerRecord: number
  /** Collector memory (MB) and billed duration per request (ms, assumed: one PutRecords round trip). */
  collectorMemoryMb: number
  collectorMsPerRequest: number
  /** Records per sessionizer invocation (the event source mapping's batch size, full batches). */
  recordsPerInvocation: number
  /** Sessionizer memory (MB) and billed duration per invocation (ms, assumed from the benchmark's events/s). */
  sessionizerMemoryMb: number
  sessionizerMsPerInvocation: number
  /** DynamoDB write units per event on the base table (sessionizer benchmark, batch 100: 0.245). */
  writeUnitsPerEvent: number
  /** …and on the two GSIs (assumed: session items are about a third of the writes, ~1 unit each). */
  gsiWriteUnitsPerEvent: number
  /** Read units per event (assumed: one consistent state query per key per batch). */
  readUnitsPerEvent: number
  /** Compression of the archive (assumed gzip on JSON lines). */
  archiveCompressionRatio: number
  /** Log bytes per collector request and per sessionizer invocation (platform lines + one JSON line). */
  collectorLogBytes: number
  sessionizerLogBytes: number
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  eventBytes: 1000,
  eventsPerRequest: 10,
  eventsPerRecord: 10,
  collectorMemoryMb: 512,
  collectorMsPerRequest: 25,
  recordsPerInvocation: 100,
  sessionizerMemoryMb: 1024,
  sessionizerMsPerInvocation: 300,
  writeUnitsPerEvent: 0.245,
  gsiWriteUnitsPerEvent: 0.1,
  readUnitsPerEvent: 0.05,
  archiveCompressionRatio: 8,
  collectorLogBytes: 600,
  sessionizerLogBytes: 1000,
}
