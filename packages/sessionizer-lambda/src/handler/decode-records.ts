import { decodeEnvelopeEvents, type InvalidEvent } from '@clickstream/schema'
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

/**
 * Decodes the collector's envelopes, event by event, and groups them by partition key. A record
 * whose head cannot be read (not UTF-8, not JSON, unknown version, bad head) is one dead letter;
 * in a readable record, each invalid event is one dead letter (`invalid_event`) and its
 * neighbours are sessionized.
 */
export function decodeRecords(records: readonly KinesisStreamRecord[], now: number): DecodedBatch {
  const keys = new Map<string, ArrivedKeyRecord[]>()
  const deadLetters: DecodedBatch['deadLetters'] = []
  const at = new Date(now).toISOString()
  for (const record of records) {
    const position = { shardId: shardIdOf(record), sequenceNumber: record.kinesis.sequenceNumber }
    const arrivedAt = arrivedAtOf(record)
    const where = {
      eventSourceARN: record.eventSourceARN,
      ...position,
      partitionKey: record.kinesis.partitionKey,
      arrivedAt,
    }
    const decoded = decodeEnvelopeEvents(Buffer.from(record.kinesis.data, 'base64'))
    if (!decoded.ok) {
      const { reason, message } = decoded.error
      deadLetters.push({
        position,
        entry: { reason, message, ...where, data: record.kinesis.data, at },
      })
      continue
    }
    for (const bad of decoded.invalid) {
      deadLetters.push({ position, entry: invalidEventEntry(bad, where, at) })
    }
    if (decoded.events.length === 0) continue
    const list = keys.get(decoded.head.key) ?? []
    list.push({ ...position, arrivedAt, events: decoded.events })
    keys.set(decoded.head.key, list)
  }
  return { keys, deadLetters }
}

function invalidEventEntry(
  bad: InvalidEvent,
  where: Omit<DeadLetterEntry, 'reason' | 'message' | 'data' | 'at'>,
  at: string,
): DeadLetterEntry {
  return {
    reason: 'invalid_event',
    message: `event ${bad.index} of the record is not a valid event: ${bad.issues.map((i) => i.message).join('; ')}`,
    ...(bad.messageId ? { messageId: bad.messageId } : {}),
    eventIndex: bad.index,
    ...where,
    data: JSON.stringify(bad.event),
    at,
  }
}
