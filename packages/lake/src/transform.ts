import { decodeEnvelopeEvents, LAKE_PARTITION_COLUMN, lakeEventDate } from '@clickstream/schema'
import { flattenEvent } from './flatten.js'

/**
 * One record as Firehose hands it to a transformation Lambda (`FirehoseTransformationEventRecord`,
 * Kinesis-sourced): the Kinesis data, base64.
 */
export interface TransformInput {
  recordId: string
  data: string
  approximateArrivalTimestamp?: number
  kinesisRecordMetadata?: { shardId?: string; sequenceNumber?: string; partitionKey?: string }
}

/** One record as the Lambda answers it (`FirehoseTransformationResultRecord`). */
export interface TransformOutput {
  recordId: string
  result: 'Ok' | 'Dropped' | 'ProcessingFailed'
  /** Base64 of the rows, one JSON object per line (the input's data when failed). */
  data: string
  /** Firehose's dynamic partitioning keys: the record's `event_date`. */
  metadata?: { partitionKeys: Record<string, string> }
}

/** Why a record, or one event of it, is not in the lake. */
export type TransformFailureReason =
  | 'not_utf8'
  | 'not_json'
  | 'unsupported_version'
  | 'invalid_envelope'
  | 'invalid_event'

/** Something the transformation could not turn into a row: nothing is dropped without one. */
export interface TransformFailure {
  recordId: string
  /** The event's position in the envelope, for `invalid_event`; absent when the record failed. */
  eventIndex?: number
  messageId?: string
  reason: TransformFailureReason
  message: string
  shardId?: string
  sequenceNumber?: string
}

export interface TransformResult {
  records: TransformOutput[]
  failures: TransformFailure[]
  /** Rows written, over every record. */
  rows: number
  /** Envelopes whose events span two UTC dates (not the collector's): filed under the first. */
  mixedDates: number
}

/**
 * The lake's transformation, the same code in the Firehose Lambda and the local delivery stream:
 * each Kinesis record (one envelope) becomes its events as rows, one JSON line each, timestamps
 * as epoch milliseconds (the Hive JSON SerDe reads them with the `millis` format), partitioned by
 * the events' `event_date`. A record that is not an envelope is `ProcessingFailed` (Firehose
 * writes it, as received, to the error prefix); an invalid event of a valid envelope leaves the
 * others in the lake. Every such case is a {@link TransformFailure} with its reason. Never throws.
 */
export function transformRecords(records: readonly TransformInput[]): TransformResult {
  const out: TransformOutput[] = []
  const failures: TransformFailure[] = []
  let rows = 0
  let mixedDates = 0
  for (const record of records) {
    const where = {
      recordId: record.recordId,
      ...(record.kinesisRecordMetadata?.shardId
        ? { shardId: record.kinesisRecordMetadata.shardId }
        : {}),
      ...(record.kinesisRecordMetadata?.sequenceNumber
        ? { sequenceNumber: record.kinesisRecordMetadata.sequenceNumber }
        : {}),
    }
    const decoded = decodeEnvelopeEvents(Buffer.from(record.data, 'base64'))
    if (!decoded.ok) {
      failures.push({ ...where, reason: decoded.error.reason, message: decoded.error.message })
      out.push({ recordId: record.recordId, result: 'ProcessingFailed', data: record.data })
      continue
    }
    for (const bad of decoded.invalid) {
      failures.push({
        ...where,
        eventIndex: bad.index,
        ...(bad.messageId ? { messageId: bad.messageId } : {}),
        reason: 'invalid_event',
        message: bad.issues.map((i) => i.message).join('; '),
      })
    }
    if (decoded.events.length === 0) {
      // Every event invalid: each has its failure above; nothing is left to write.
      out.push({ recordId: record.recordId, result: 'Dropped', data: record.data })
      continue
    }
    let text = ''
    let date: string | undefined
    let mixed = false
    for (const event of decoded.events) {
      const row = flattenEvent(decoded.head, event)
      const rowDate = lakeEventDate(row.timestamp as number)
      if (date === undefined) date = rowDate
      else if (rowDate !== date) mixed = true
      text += `${JSON.stringify(row)}\n`
    }
    if (mixed) mixedDates++
    rows += decoded.events.length
    out.push({
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(text).toString('base64'),
      metadata: { partitionKeys: { [LAKE_PARTITION_COLUMN]: date as string } },
    })
  }
  return { records: out, failures, rows, mixedDates }
}
