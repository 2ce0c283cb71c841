/** Why something was set aside instead of applied. */
export type DeadLetterReason =
  | 'not_utf8'
  | 'not_json'
  | 'unsupported_version'
  | 'invalid_envelope'
  /** One event of a decodable record is not a valid event; its neighbours were applied. */
  | 'invalid_event'
  /** An event ordered before its key's frozen mark: its session was already final. */
  | 'too_late'
  /** The key's state would outgrow the store's item: the key's events of the batch are set aside. */
  | 'state_too_large'

/** A record (or, for `invalid_event`, `too_late` and `state_too_large`, one event) that was set aside, with where it came from. */
export interface DeadLetterEntry {
  reason: DeadLetterReason
  message: string
  eventSourceARN?: string
  shardId: string
  sequenceNumber: string
  partitionKey: string
  /** The event's `messageId`, for an event's entry when it has a usable one. */
  messageId?: string
  /** The record's data as base64, or the event as JSON. */
  data: string
  /** When it was set aside, ISO-8601. */
  at: string
}

/** Where undecodable records and too-late events go. `put` throws on a transient failure. */
export interface DeadLetter {
  put(entries: readonly DeadLetterEntry[]): Promise<void>
}
