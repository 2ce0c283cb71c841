/** One Kinesis record as the delivery stream buffers it (what Firehose reads from the stream). */
export interface DeliveryRecord {
  shardId: string
  sequenceNumber: string
  partitionKey: string
  /** The record's data, base64, as Firehose hands it to a transformation Lambda. */
  data: string
  /** When the record reached the stream (`ApproximateArrivalTimestamp`), epoch milliseconds. */
  arrivedAt: number
}

/** What one delivery (one flush of the buffer) wrote. */
export interface DeliverySummary {
  records: number
  /** Rows written to the lake, over every partition. */
  rows: number
  /** Records and events that are not rows, each kept with its reason (see `TransformFailure`). */
  failures: number
  /** The `event_date` partitions written, one file each. */
  partitions: string[]
  /** What was written, in order (paths for the file adapter). */
  files: string[]
}

/**
 * Where the delivery stream's flushes go: the lake's Parquet files, the errors and the raw archive
 * (`createLakeDestination`), or memory (`createMemoryDestination`). Both run `transformRecords`, the
 * code the Firehose Lambda runs. `deliver` resolves only when everything is in place: only then may
 * the records' checkpoints move. A rejected delivery may have written part (whole files, never a
 * half one): delivering again is safe, the `events` view removes the duplicates.
 */
export interface DeliveryDestination {
  deliver(records: readonly DeliveryRecord[]): Promise<DeliverySummary>
  close(): Promise<void>
}
