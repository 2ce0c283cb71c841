import { encodeBatch, type Transport } from '@clickstream/sdk-core'

/**
 * For pages going away: `navigator.sendBeacon` (or `fetch` with `keepalive` where there is no
 * beacon), fire and forget. The result is always status 0, so nothing is ever taken as delivered
 * from an unload send: the events stay queued until a later 2xx.
 */
export function createBeaconTransport(options: { url: string; writeKey: string }): Transport {
  return {
    async send(events) {
      const body = encodeBatch(events, { writeKey: options.writeKey })
      try {
        if (!navigator.sendBeacon?.(options.url, body)) {
          void fetch(options.url, {
            method: 'POST',
            body,
            keepalive: true,
          }).catch(() => {})
        }
      } catch {
        // best effort
      }
      return { status: 0 }
    },
  }
}
