import {
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  InvalidArgumentException,
  type KinesisClient,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis'
import type { DlqBatch } from '../dlq/message.js'
import { RecordsExpiredError, SourceUnreadableError } from '../errors.js'
import { iso, type ReplayRange } from '../range.js'
import { envelopeRecord, type ReplaySource, type SkippedRecord } from './replay-source.js'

export interface KinesisRangeOptions {
  client: KinesisClient
  /** The records to read: a shard of a stream, from one sequence number to another (inclusive). */
  batch: DlqBatch
  /** Records per `GetRecords` call. @default 10,000 (Kinesis' most) */
  pageSize?: number
}

/** How far before the batch's first arrival its events may have been received (the archive's hint). */
const RECEIPT_SLACK_MS = 15 * 60_000

/**
 * The records of a dead-lettered batch, read from the stream: `GetShardIterator`
 * `AT_SEQUENCE_NUMBER` the batch's start, `GetRecords` until its end (sequence numbers compared as
 * integers), the shard's end, or the stream's tip. Each record is decoded as the collector wrote
 * it; positions are its sequence numbers. Its shard id (`redrive:<shard>:<start>`) is the batch's
 * own: the sessionizer's per-key checkpoints make a second re-drive of it a no-op, while the live
 * shard's checkpoints (past the batch: the mapping went on without it) skip nothing of it.
 * A batch no longer in the stream (the iterator starts after its first record, or Kinesis says it
 * was trimmed) is a `RecordsExpiredError` pointing at the archive.
 */
export function createKinesisRangeSource({
  client,
  batch,
  pageSize,
}: KinesisRangeOptions): ReplaySource {
  const start = BigInt(batch.startSequenceNumber)
  const end = BigInt(batch.endSequenceNumber)
  const what = `records ${batch.startSequenceNumber}..${batch.endSequenceNumber} of ${batch.shardId} of stream ${batch.streamName}`
  const expired = (cause?: unknown) =>
    new RecordsExpiredError(
      `the ${batch.batchSize} ${what} (arrived ${batch.arrival.first} .. ${batch.arrival.last})`,
      {
        from: iso(Date.parse(batch.arrival.first) - RECEIPT_SLACK_MS),
        to: iso(Date.parse(batch.arrival.last) + 1_000),
      },
      cause === undefined ? undefined : { cause },
    )
  const unreadable = (error: unknown) =>
    new SourceUnreadableError(what, `${(error as Error).name}: ${(error as Error).message}`, {
      cause: error,
    })

  async function iterator(type: ShardIteratorType, sequenceNumber: string) {
    try {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamName: batch.streamName,
          ShardId: batch.shardId,
          ShardIteratorType: type,
          StartingSequenceNumber: sequenceNumber,
        }),
      )
      return ShardIterator
    } catch (error) {
      if (error instanceof InvalidArgumentException && /trim|retention|expire/i.test(error.message))
        throw expired(error)
      throw unreadable(error)
    }
  }

  return {
    describe: `${what} (${batch.batchSize} records, arrived ${batch.arrival.first} .. ${batch.arrival.last})`,
    shardId: `redrive:${batch.shardId}:${batch.startSequenceNumber}`,
    async *read(range: ReplayRange, onSkipped?: (skipped: SkippedRecord) => void) {
      let next = await iterator('AT_SEQUENCE_NUMBER', batch.startSequenceNumber)
      let last: string | undefined
      while (next) {
        let page: GetRecordsCommandOutput
        try {
          page = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: pageSize }))
        } catch (error) {
          if (!(error instanceof ExpiredIteratorException)) throw unreadable(error)
          // Iterators live five minutes: a slow table can outlast one. Resume where it was.
          next = last
            ? await iterator('AFTER_SEQUENCE_NUMBER', last)
            : await iterator('AT_SEQUENCE_NUMBER', batch.startSequenceNumber)
          continue
        }
        const records = page.Records ?? []
        for (const record of records) {
          const sequenceNumber = record.SequenceNumber ?? ''
          const at = BigInt(sequenceNumber)
          // The batch's first record is where the iterator starts, unless it was trimmed.
          if (last === undefined && at !== start) throw expired()
          if (at > end) return
          last = sequenceNumber
          const found = envelopeRecord(
            record.Data ?? new Uint8Array(),
            `${batch.shardId}:${sequenceNumber}`,
            sequenceNumber,
            range,
            onSkipped,
          )
          if (found) yield found
          if (at === end) return
        }
        // The shard is closed (resharded) and read, or this is the stream's tip.
        next =
          records.length === 0 && page.MillisBehindLatest === 0 ? undefined : page.NextShardIterator
      }
      if (last === undefined) throw expired()
    },
    async close() {},
  }
}
