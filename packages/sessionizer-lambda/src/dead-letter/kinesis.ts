import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { DeadLetterNotAcceptedError } from '../errors.js'
import type { DeadLetter } from './dead-letter.js'

export interface KinesisDeadLetterOptions {
  client: KinesisClient
  streamName: string
  /** Attempts for entries Kinesis reports as failed (throttling), per request of 500. @default 3 */
  maxAttempts?: number
}

/** Most records of one `PutRecords` request. */
const MAX_RECORDS = 500
const encoder = new TextEncoder()

/**
 * Dead letters as JSON records of a Kinesis stream, keyed by the original partition key. Sent in
 * requests of 500, each retrying the records Kinesis refused, with its own attempts. A retried
 * put writes its records again (Kinesis has no idempotent put): readers dedupe if they must.
 */
export function createKinesisDeadLetter(options: KinesisDeadLetterOptions): DeadLetter {
  const maxAttempts = options.maxAttempts ?? 3
  return {
    async put(entries) {
      const records = entries.map((entry) => ({
        Data: encoder.encode(JSON.stringify(entry)),
        PartitionKey: entry.partitionKey || 'dead-letter',
      }))
      for (let start = 0; start < records.length; start += MAX_RECORDS) {
        let pending = records.slice(start, start + MAX_RECORDS)
        for (let attempt = 1; pending.length > 0; attempt++) {
          const out = await options.client.send(
            new PutRecordsCommand({ StreamName: options.streamName, Records: pending }),
          )
          const failed = pending.filter((_, i) => out.Records?.[i]?.ErrorCode)
          if (failed.length > 0 && attempt >= maxAttempts) {
            throw new DeadLetterNotAcceptedError(failed.length, attempt)
          }
          pending = failed
        }
      }
    },
  }
}
