import { encodeBatch, type Transport } from '@clickstream/sdk-core'
import { sendBeacon } from './beacon.js'

/** Chromium's budget for keepalive request bodies in flight; sendBeacon's per-call limit too. */
export const KEEPALIVE_BYTES = 64_000

export interface FetchTransportOptions {
  /** The batch endpoint, e.g. `https://collector.example.com/v1/batch`. */
  url: string
  writeKey: string
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /**
   * Abort a request after this many ms (then it is retried).
   * @default 15_000
   */
  timeout?: number
}

/**
 * `POST` the batch as `text/plain` JSON with the write key in the body: a CORS "simple request",
 * so no preflight. `keepalive` whenever the body fits the browser's keepalive budget, so a request
 * in flight survives navigation. An `unloading` send goes to {@link sendBeacon} instead (status 0:
 * never taken as delivered). Never throws: failures are status 0.
 */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  return {
    async send(events, sendOptions) {
      const body = encodeBatch(events, options.writeKey)
      if (sendOptions?.unloading) return sendBeacon(options.url, body)
      try {
        // A Blob labels the request `text/plain` (no charset) and gives the UTF-8 size.
        const blob = new Blob([body], { type: 'text/plain' })
        const response = await (options.fetch ?? fetch)(options.url, {
          method: 'POST',
          body: blob,
          keepalive: blob.size <= KEEPALIVE_BYTES,
          signal: AbortSignal.timeout(options.timeout ?? 15_000),
        })
        return { status: response.status, retryAfter: response.headers.get('Retry-After') }
      } catch (error) {
        return { status: 0, error }
      }
    },
  }
}
