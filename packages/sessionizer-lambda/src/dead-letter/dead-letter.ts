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

/** A record (or, for `too_late` and `state_too_large`, one event) that was set aside, with where it came from. */
export interface DeadLetterEntry {
  reason: DeadLetterReason
  message: string
  eventSourceARN?: string
  shardId: string
  sequenceNumber: string
  partitionKey: string
  /** The record's data as base64, or the late event as JSON. */
  data: string
  /** When it was set aside, ISO-8601. */
  at: string
}

/** Where undecodable records and too-late events go. `put` throws on a transient failure. */
export interface DeadLetter {
  put(entries: readonly DeadLetterEntry[]): Promise<void>
}
