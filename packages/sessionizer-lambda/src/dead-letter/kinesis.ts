import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { DeadLetterRejectedError } from '../errors.js'
import type { DeadLetter } from './dead-letter.js'

export interface KinesisDeadLetterOptions {
  client: KinesisClient
  streamName: string
  /** Attempts for entries Kinesis reports as failed (throttling). @default 3 */
  maxAttempts?: number
}

const encoder = new TextEncoder()

/** Dead letters as JSON records of a Kinesis stream, keyed by the original partition key. */
export function createKinesisDeadLetter(options: KinesisDeadLetterOptions): DeadLetter {
  const maxAttempts = options.maxAttempts ?? 3
  return {
    async put(entries) {
      let pending = entries.map((entry) => ({
        Data: encoder.encode(JSON.stringify(entry)),
        PartitionKey: entry.partitionKey || 'dead-letter',
      }))
      for (let attempt = 1; pending.length > 0; attempt++) {
        const batch = pending.slice(0, 500)
        const out = await options.client.send(
          new PutRecordsCommand({ StreamName: options.streamName, Records: batch }),
        )
        const failed = batch.filter((_, i) => out.Records?.[i]?.ErrorCode)
        if (failed.length > 0 && attempt >= maxAttempts) {
          throw new DeadLetterRejectedError(failed.length, attempt)
        }
        pending = [...failed, ...pending.slice(500)]
      }
    },
  }
}
