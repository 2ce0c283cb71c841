/** Why something was set aside instead of applied. */
export type DeadLetterReason =
  | 'not_utf8'
  | 'not_json'
  | 'unsupported_version'
  | 'invalid_envelope'
  /** An event ordered before its key's frozen mark: its session was already final. */
  | 'too_late'
  /** The key's state would outgrow the store's item: the key's events of the batch are set aside. */
  | 'state_too_large'

/**
 * A record (or, with `messageId`, one event of it) that was set aside, with where it came from.
 * Its identity is `(shardId, sequenceNumber, messageId)` ({@link deadLetterId}): the same record
 * and event set aside again (a conflict retry, a redelivered batch) is the same dead letter.
 */
export interface DeadLetterEntry {
  reason: DeadLetterReason
  message: string
  eventSourceARN?: string
  shardId: string
  sequenceNumber: string
  /** The event set aside (`too_late`, `state_too_large`); absent when the whole record was. */
  messageId?: string
  partitionKey: string
  /** The record's data as base64, or the late event as JSON. */
  data: string
  /**
   * When the record reached the stream (Kinesis `approximateArrivalTimestamp`), ISO-8601: the
   * same on every delivery, so it (not `at`) decides the day an entry is listed under.
   */
  arrivedAt: string
  /** When it was set aside, ISO-8601 (the latest time, if it was set aside again). */
  at: string
}

/**
 * Where undecodable records and too-late events go. `put` throws on a transient failure. Putting
 * an entry again stores it once where the adapter can overwrite (memory, table); a stream appends,
 * so the Kinesis adapter writes it again with the same `id`.
 */
export interface DeadLetter {
  put(entries: readonly DeadLetterEntry[]): Promise<void>
}

/**
 * A dead letter's identity: `<shardId>#<sequenceNumber>`, plus `#<messageId>` for one event of
 * the record. Shard ids and sequence numbers never contain `#`, so the id is unambiguous whatever
 * the messageId holds; nothing of it depends on a clock.
 */
export const deadLetterId = (entry: DeadLetterEntry): string =>
  `${entry.shardId}#${entry.sequenceNumber}${entry.messageId === undefined ? '' : `#${entry.messageId}`}`

/** The entries by identity, the last of each id kept: what one put writes. */
export const byIdentity = (entries: readonly DeadLetterEntry[]): Map<string, DeadLetterEntry> =>
  new Map(entries.map((entry) => [deadLetterId(entry), entry]))

/** The UTC day (`yyyy-mm-dd`) an entry is listed under: the day its record reached the stream. */
export const deadLetterDay = (entry: DeadLetterEntry): string => entry.arrivedAt.slice(0, 10)

/** Listing order: by arrival, then by id. */
export const byArrival = (a: DeadLetterEntry, b: DeadLetterEntry): number =>
  a.arrivedAt < b.arrivedAt
    ? -1
    : a.arrivedAt > b.arrivedAt
      ? 1
      : deadLetterId(a) < deadLetterId(b)
        ? -1
        : deadLetterId(a) > deadLetterId(b)
          ? 1
          : 0

/** The entries whose records reached the stream on `day` (`yyyy-mm-dd`), oldest first. */
export const ofDay = (entries: readonly DeadLetterEntry[], day: string): DeadLetterEntry[] =>
  entries.filter((entry) => deadLetterDay(entry) === day).sort(byArrival)
