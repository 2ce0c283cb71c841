import type { StoredEvent } from '../event-store/event-store.js'

/** Bytes a request body adds around its events: `{"batch":[…],"sentAt":"…","writeKey":"…"}`. */
export const BATCH_OVERHEAD_BYTES = 1024

/**
 * The longest prefix of `events` that fits one request: at most `maxEvents` events and `maxBytes`
 * of body (events, commas and {@link BATCH_OVERHEAD_BYTES}). Always takes the first event when there
 * is one, so a queue can never stall (events are capped at 32 KB long before they get here).
 */
export function takeBatch(
  events: readonly StoredEvent[],
  maxEvents: number,
  maxBytes: number,
): StoredEvent[] {
  let bytes = BATCH_OVERHEAD_BYTES
  let n = 0
  while (n < events.length && n < maxEvents) {
    bytes += (events[n] as StoredEvent).bytes + 1
    if (n > 0 && bytes > maxBytes) break
    n++
  }
  return events.slice(0, n)
}

/** Splits `events` into consecutive batches of at most `maxEvents` and `maxBytes` each. */
export function splitBatches(
  events: readonly StoredEvent[],
  maxEvents: number,
  maxBytes: number,
): StoredEvent[][] {
  const batches: StoredEvent[][] = []
  let rest = events
  while (rest.length > 0) {
    const batch = takeBatch(rest, maxEvents, maxBytes)
    batches.push(batch)
    rest = rest.slice(batch.length)
  }
  return batches
}
