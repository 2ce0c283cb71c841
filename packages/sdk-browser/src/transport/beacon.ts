import { encodeBatch, type Transport, type TransportResult } from '@clickstream/sdk-core'

/**
 * Sends a request body from a page going away: `navigator.sendBeacon` (or `fetch` with `keepalive`
 * where there is no beacon or it refuses), fire and forget. The result is always status 0, so
 * nothing is ever taken as delivered from an unload send: the events stay queued until a later 2xx.
 */
export function sendBeacon(url: string, body: string): TransportResult {
  try {
    if (!navigator.sendBeacon?.(url, body))
      fetch(url, { method: 'POST', body, keepalive: true }).catch(() => {})
  } catch {
    // best effort
  }
  return { status: 0 }
}

/** {@link sendBeacon} as a transport; the fetch transport uses it itself for `unloading` sends. */
export function createBeaconTransport(options: { url: string; writeKey: string }): Transport {
  return {
    send: async (events) => sendBeacon(options.url, encodeBatch(events, options.writeKey)),
  }
}
