import { safeDecodeEnvelope } from '@clickstream/schema'
import type { KinesisStreamRecord } from 'aws-lambda'
import type { DeadLetterEntry } from '../dead-letter/dead-letter.js'
import type { ArrivedKeyRecord } from './process-key.js'

/** A record's position in the stream: what `batchItemFailures` names. */
export interface RecordPosition {
  shardId: string
  sequenceNumber: string
}

export interface DecodedBatch {
  /** Decoded records per partition key, in stream order. */
  keys: Map<string, ArrivedKeyRecord[]>
  /** Records that can never be decoded, with their reasons. */
  deadLetters: { position: RecordPosition; entry: DeadLetterEntry }[]
}

/** `eventID` is `<shardId>:<sequenceNumber>`. */
export function shardIdOf(record: KinesisStreamRecord): string {
  const colon = record.eventID.lastIndexOf(':')
  return colon > 0 ? record.eventID.slice(0, colon) : record.eventSourceARN
}

/**
 * When the record reached the stream, ISO-8601: the same on every delivery (unlike the clock).
 * A record without a valid arrival time (never from Lambda) counts as arrived at the epoch.
 */
export function arrivedAtOf(record: KinesisStreamRecord): string {
  const arrived = new Date(Math.round(record.kinesis.approximateArrivalTimestamp * 1000))
  return (Number.isNaN(arrived.getTime()) ? new Date(0) : arrived).toISOString()
}

/** Decodes the collector's envelopes and groups them by partition key. */
export function decodeRecords(records: readonly KinesisStreamRecord[], now: number): DecodedBatch {
  const keys = new Map<string, ArrivedKeyRecord[]>()
  const deadLetters: DecodedBatch['deadLetters'] = []
  for (const record of records) {
    const position = { shardId: shardIdOf(record), sequenceNumber: record.kinesis.sequenceNumber }
    const arrivedAt = arrivedAtOf(record)
    const decoded = safeDecodeEnvelope(Buffer.from(record.kinesis.data, 'base64'))
    if (!decoded.ok) {
      deadLetters.push({
        position,
        entry: {
          reason: decoded.error.reason,
          message: decoded.error.message,
          eventSourceARN: record.eventSourceARN,
          ...position,
          partitionKey: record.kinesis.partitionKey,
          data: record.kinesis.data,
          arrivedAt,
          at: new Date(now).toISOString(),
        },
      })
      continue
    }
    const list = keys.get(decoded.value.key) ?? []
    list.push({ ...position, arrivedAt, events: decoded.value.events })
    keys.set(decoded.value.key, list)
  }
  return { keys, deadLetters }
}
