import { decodeEnvelopeEvents, type EnrichedMessage } from '@clickstream/schema'
import type { ReplayRange } from '../range.js'

/** One record to hand the sessionizer: events of one partition key, as an envelope carries them. */
export interface ReplayRecord {
  /** The Kinesis partition key: `anonymousId ?? userId`. */
  key: string
  sourceId: string
  /** When the collector received it, ISO-8601 (the envelope's head). */
  receivedAt: string
  events: EnrichedMessage[]
  /**
   * The record's place in the source, as decimal digits of the source's fixed width: ascending in
   * read order, the same on every read and whatever the range (it is the sequence number the
   * sessionizer's per-key checkpoint compares, which makes a replay idempotent).
   */
  position: string
}

/**
 * Where a replay reads events from: the lake, the archive's files, the archive on S3. `read` yields
 * the records whose events the collector received in the range, in `position` order; records whose
 * events straddle the range keep only the events inside it. Unreadable data is a
 * `SourceUnreadableError`, never skipped in silence.
 */
export interface ReplaySource {
  /** For messages: `lake at .data/lake`, `archive at s3://bucket/events/`. */
  describe: string
  /** The sessionizer's shard id for this source's positions (one order per source kind). */
  shardId: string
  read(
    range: ReplayRange,
    onSkipped?: (skipped: SkippedRecord) => void,
  ): AsyncIterable<ReplayRecord>
  /** Anything the source opened (DuckDB, clients it made). */
  close(): Promise<void>
}

/** A record or event of the source that is no valid envelope or event: reported, not replayed. */
export interface SkippedRecord {
  /** File and line, object and line. */
  where: string
  reason: string
  message: string
}

/** Whether an event's `receivedAt` falls in the range. */
export function inRange(event: Pick<EnrichedMessage, 'receivedAt'>, range: ReplayRange): boolean {
  const at = Date.parse(event.receivedAt)
  return at >= range.fromMs && at < range.toMs
}

/** `value` as `width` decimal digits. */
export const digits = (value: number, width: number) =>
  Math.max(0, Math.floor(value)).toString().padStart(width, '0')

/**
 * One envelope as it was on the stream (an archive line, a Kinesis record's data) as the record
 * to replay at `position`, keeping its events in the range; `undefined` when none is. What is no
 * valid envelope, and each invalid event of one, goes to `onSkipped` (named by `where`).
 */
export function envelopeRecord(
  data: string | Uint8Array,
  where: string,
  position: string,
  range: ReplayRange,
  onSkipped: ((skipped: SkippedRecord) => void) | undefined,
): ReplayRecord | undefined {
  const decoded = decodeEnvelopeEvents(data)
  if (!decoded.ok) {
    onSkipped?.({ where, reason: decoded.error.reason, message: decoded.error.message })
    return undefined
  }
  for (const bad of decoded.invalid) {
    onSkipped?.({
      where: `${where} event ${bad.index}`,
      reason: 'invalid_event',
      message: bad.issues.map((i) => i.message).join('; '),
    })
  }
  const events = decoded.events.filter((event) => inRange(event, range))
  if (events.length === 0) return undefined
  const { key, sourceId, receivedAt } = decoded.head
  return { key, sourceId, receivedAt, events, position }
}
