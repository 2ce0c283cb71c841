import { type Enricher, enrichInputOf } from '@clickstream/enrich'
import {
  decodeEnvelopeEvents,
  type EventsDecodeResult,
  LAKE_PARTITION_COLUMN,
  type LakeRow,
  lakeEventDate,
} from '@clickstream/schema'
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

/** How `transformRecords` works. */
export interface TransformOptions {
  /**
   * Enriches each row (`@clickstream/enrich`: device, bot, geo, channel; the IP to store). Without
   * it the enrichment columns are null and `ip` is the event's, as received. Build it once
   * (`openEnricher`) and pass it to every call: its caches live as long as it does.
   */
  enricher?: Enricher
}

/**
 * The lake's transformation, the same code in the Firehose Lambda and the local delivery stream:
 * each Kinesis record (one envelope) becomes its events as rows, one JSON line each, timestamps
 * as epoch milliseconds (the Hive JSON SerDe reads them with the `millis` format), partitioned by
 * the events' `event_date`. A record that is not an envelope is `ProcessingFailed` (Firehose
 * writes it, as received, to the error prefix); an invalid event of a valid envelope leaves the
 * others in the lake. Every such case is a {@link TransformFailure} with its reason. Never throws.
 */
export function transformRecords(
  records: readonly TransformInput[],
  options: TransformOptions = {},
): TransformResult {
  const out: TransformOutput[] = []
  const failures: TransformFailure[] = []
  let rows = 0
  let mixedDates = 0
  for (const record of records) {
    const meta = record.kinesisRecordMetadata
    const where: Where = {
      recordId: record.recordId,
      ...(meta?.shardId ? { shardId: meta.shardId } : {}),
      ...(meta?.sequenceNumber ? { sequenceNumber: meta.sequenceNumber } : {}),
    }
    const decoded = decodeEnvelopeEvents(Buffer.from(record.data, 'base64'))
    if (!decoded.ok) {
      failures.push({ ...where, reason: decoded.error.reason, message: decoded.error.message })
      out.push({ recordId: record.recordId, result: 'ProcessingFailed', data: record.data })
      continue
    }
    const written = writeRows(decoded, where, failures, options.enricher)
    if (written.rows === 0) {
      // Every event invalid: each has its failure; nothing is left to write.
      out.push({ recordId: record.recordId, result: 'Dropped', data: record.data })
      continue
    }
    if (written.mixed) mixedDates++
    rows += written.rows
    out.push({
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(written.text).toString('base64'),
      metadata: { partitionKeys: { [LAKE_PARTITION_COLUMN]: written.date } },
    })
  }
  return { records: out, failures, rows, mixedDates }
}

type Where = Pick<TransformFailure, 'recordId' | 'shardId' | 'sequenceNumber'>

/**
 * The rows of a decoded envelope as JSON lines, the date of its first, whether others differ;
 * an `invalid_event` failure for each event left out (by the decoder, or unwritable: the decoder
 * bounds no nesting depth, and `JSON.stringify` of a very deep value overflows the stack).
 */
function writeRows(
  decoded: Extract<EventsDecodeResult, { ok: true }>,
  where: Where,
  failures: TransformFailure[],
  enricher: Enricher | undefined,
): { text: string; rows: number; date: string; mixed: boolean } {
  const fail = (eventIndex: number, message: string, messageId?: string) =>
    failures.push({
      ...where,
      eventIndex,
      ...(messageId ? { messageId } : {}),
      reason: 'invalid_event',
      message,
    })
  for (const bad of decoded.invalid) {
    fail(bad.index, bad.issues.map((i) => i.message).join('; '), bad.messageId)
  }
  const invalid = new Set(decoded.invalid.map((bad) => bad.index))
  let text = ''
  let rows = 0
  let date = ''
  let mixed = false
  let index = -1
  for (const event of decoded.events) {
    index++
    while (invalid.has(index)) index++
    let row: LakeRow
    let line: string
    try {
      row = flattenEvent(decoded.head, event, enricher?.enrich(enrichInputOf(event)))
      line = JSON.stringify(row)
    } catch (error) {
      fail(index, `event cannot be written as a row: ${(error as Error).message}`, event.messageId)
      continue
    }
    const rowDate = lakeEventDate(row.timestamp as number)
    if (rows === 0) date = rowDate
    else if (rowDate !== date) mixed = true
    text += `${line}\n`
    rows++
  }
  return { text, rows, date, mixed }
}
