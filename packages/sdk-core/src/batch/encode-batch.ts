import type { StoredEvent } from '../event-store/event-store.js'

/**
 * The `POST /v1/batch` body for `events`, joined from their stored JSON without parsing it again.
 * `sentAt` is the send time (the collector corrects clock skew with it); a `writeKey` goes in the
 * body so browsers need no `Authorization` header and no CORS preflight.
 */
export function encodeBatch(
  events: readonly StoredEvent[],
  writeKey?: string,
  sentAt: string = new Date().toISOString(),
): string {
  const key = writeKey === undefined ? '' : `,"writeKey":${JSON.stringify(writeKey)}`
  return `{"batch":[${events.map((e) => e.json).join()}],"sentAt":"${sentAt}"${key}}`
}
