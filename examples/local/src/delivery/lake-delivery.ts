import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'
import type { CheckpointStore } from '../poller/checkpoints.js'
import { createPoller, type PollerStats } from '../poller/poller.js'
import { createDeliveryBuffer, type DeliveryBufferStats } from './delivery-buffer.js'
import type { DeliveryDestination, DeliveryRecord, DeliverySummary } from './destination.js'

export interface LakeDeliveryOptions {
  kinesis: KinesisClient
  streamName: string
  destination: DeliveryDestination
  /** The delivery stream's own checkpoints (not the sessionizer's). */
  checkpoints: CheckpointStore
  /** Flush when the buffer holds this many bytes of record data (Firehose: 1–128 MiB). @default 5 MiB */
  bufferBytes?: number
  /** Flush when the oldest buffered record is this old (Firehose: 0–900 s). @default 10_000 */
  bufferIntervalMs?: number
  /** Most records a shard reads at once (`GetRecords` allows 10,000). @default 10_000 */
  batchSize?: number
  /** Pause between polls of an idle shard. @default 250 */
  pollIntervalMs?: number
  /** Told about every flush written. */
  onDelivery?: (summary: DeliverySummary) => void
  /** Told about every failed flush (it is retried) and failed poll. */
  onError?: (error: unknown, shardId: string) => void
  region?: string
}

export interface LakeDeliveryStats {
  poller: PollerStats
  buffer: DeliveryBufferStats
  /** Rows and failures written since start. */
  rows: number
  failures: number
}

export interface LakeDelivery {
  start(): Promise<void>
  /** Flushes the buffer, writes, checkpoints every shard, closes the destination; then resolves. */
  stop(): Promise<void>
  stats(): LakeDeliveryStats
}

/**
 * A local Firehose from the events stream to the lake: every shard's records go into one buffer
 * (flushed by size or age), each flush to the destination. The poller's handler adds its batch to
 * the buffer and returns when the flush holding it is written, so a shard's checkpoint moves only
 * once every file with its records is in place. A failed flush fails the batches in it: the poller
 * retries them (what was written already is written again; the `events` view removes duplicates).
 * Each shard has one batch in the buffer at a time: at most `batchSize` records per shard a flush.
 */
export function createLakeDelivery(options: LakeDeliveryOptions): LakeDelivery {
  const totals = { rows: 0, failures: 0 }
  const buffer = createDeliveryBuffer({
    ...(options.bufferBytes === undefined ? {} : { maxBytes: options.bufferBytes }),
    ...(options.bufferIntervalMs === undefined ? {} : { maxAgeMs: options.bufferIntervalMs }),
    async flush(records) {
      const summary = await options.destination.deliver(records)
      totals.rows += summary.rows
      totals.failures += summary.failures
      options.onDelivery?.(summary)
    },
  })
  const poller = createPoller({
    kinesis: options.kinesis,
    streamName: options.streamName,
    checkpoints: options.checkpoints,
    handler: async (event: KinesisStreamEvent) => {
      await buffer.add(event.Records.map(toDeliveryRecord))
    },
    batchSize: options.batchSize ?? 10_000,
    // The buffer does the batching; the poller hands on what one read gives.
    batchingWindowMs: 0,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    // A failed flush is the disk's, not the records': retry the whole batch, never split it.
    bisectOnError: false,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.region ? { region: options.region } : {}),
  })
  return {
    start: () => poller.start(),
    async stop() {
      // The poller reads nothing new from here on; a batch it still hands on is flushed at once.
      const stopped = poller.stop()
      await buffer.close()
      await stopped
      await options.destination.close()
    },
    stats: () => ({ poller: poller.stats(), buffer: buffer.stats(), ...totals }),
  }
}

/** A Lambda-shaped Kinesis record (the poller's) back as the record Firehose reads. */
export const toDeliveryRecord = (r: KinesisStreamRecord): DeliveryRecord => ({
  shardId: r.eventID.slice(0, r.eventID.lastIndexOf(':')),
  sequenceNumber: r.kinesis.sequenceNumber,
  partitionKey: r.kinesis.partitionKey,
  data: r.kinesis.data,
  arrivedAt: Math.round(r.kinesis.approximateArrivalTimestamp * 1000),
})
