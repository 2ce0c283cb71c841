import { createHash } from 'node:crypto'

/**
 * An event's id inside the sessionizer: 72 bits of `sha256(messageId)`, base64url (12 chars).
 * Dedupe, tie-breaking and session ids use it; it keeps the per-key state (written on every
 * commit) small, as message ids are mostly random UUIDs. Two distinct messageIds of one key
 * collide with probability about n²/2⁷³ (≈ 3·10⁻¹⁵ for 5,000 retained events).
 */
export function factIdOf(messageId: string): string {
  return createHash('sha256').update(messageId).digest().subarray(0, 9).toString('base64url')
}

/** The session id of a session whose first event has fact id `firstFactId`. */
export function sessionIdOfFact(key: string, firstFactId: string): string {
  return createHash('sha256')
    .update(key)
    .update('\u0000')
    .update(firstFactId)
    .digest('hex')
    .slice(0, 32)
}

/**
 * The session id: a hash of the partition key and the messageId of the session's first event
 * (through its fact id). When a late event bridges two sessions, the merged session starts with
 * the earlier session's first event, so the earlier session's id survives. When a late event
 * becomes a session's new first event, the session gets a new id (the old item is removed).
 */
export function sessionIdOf(key: string, firstMessageId: string): string {
  return sessionIdOfFact(key, factIdOf(firstMessageId))
}
