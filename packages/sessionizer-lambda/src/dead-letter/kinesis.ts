import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis'
import { type BackoffOptions, computeBackoff } from '@clickstream/retry'
import { DeadLetterRejectedError } from '../errors.js'
import { byIdentity, type DeadLetter } from './dead-letter.js'

export interface KinesisDeadLetterOptions {
  client: KinesisClient
  streamName: string
  /** Attempts for entries Kinesis reports as failed (throttling), per call of 500. @default 3 */
  maxAttempts?: number
  /** Full-jitter wait before each retry of the failed entries. @default { baseMs: 100, maxMs: 1000 } */
  backoff?: BackoffOptions
  /** Waits between attempts. @default setTimeout */
  sleep?: (ms: number) => Promise<void>
}

/** Most records in one `PutRecords` call. */
const MAX_RECORDS = 500
const encoder = new TextEncoder()

/**
 * Dead letters as JSON records of a Kinesis stream, keyed by the original partition key: each
 * record is the entry plus `id`, its identity (`deadLetterId`). At-least-once: a stream
 * appends (Kinesis has no idempotent put), so an entry put again (a retried batch) is written
 * again with the same `id`, and readers dedupe by `id`. One put writes each id once.
 */
export function createKinesisDeadLetter(options: KinesisDeadLetterOptions): DeadLetter {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
  const backoff = options.backoff ?? { baseMs: 100, maxMs: 1000 }
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  /** Puts up to 500 records, retrying only those Kinesis reports as failed. */
  const putAll = async (records: PutRecordsRequestEntry[]) => {
    let pending = records
    for (let attempt = 1; ; attempt++) {
      const out = await options.client.send(
        new PutRecordsCommand({ StreamName: options.streamName, Records: pending }),
      )
      pending = pending.filter((_, i) => out.Records?.[i]?.ErrorCode)
      if (pending.length === 0) return
      if (attempt >= maxAttempts) throw new DeadLetterRejectedError(pending.length, attempt)
      await sleep(computeBackoff(attempt - 1, backoff))
    }
  }

  return {
    async put(entries) {
      const records = [...byIdentity(entries)].map(([id, entry]) => ({
        Data: encoder.encode(JSON.stringify({ id, ...entry })),
        PartitionKey: entry.partitionKey || 'dead-letter',
      }))
      for (let start = 0; start < records.length; start += MAX_RECORDS) {
        await putAll(records.slice(start, start + MAX_RECORDS))
      }
    },
  }
}
