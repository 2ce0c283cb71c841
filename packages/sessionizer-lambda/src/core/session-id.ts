import { createHash } from 'node:crypto'

/**
 * The session id: a hash of the partition key and the messageId of the session's first event.
 * When a late event bridges two sessions, the merged session starts with the earlier session's
 * first event, so the earlier session's id survives. When a late event becomes a session's new
 * first event, the session gets a new id (the old item is removed).
 */
export function sessionIdOf(key: string, firstMessageId: string): string {
  return createHash('sha256')
    .update(key)
    .update('\u0000')
    .update(firstMessageId)
    .digest('hex')
    .slice(0, 32)
}
