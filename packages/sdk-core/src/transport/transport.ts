import type { StoredEvent } from '../event-store/event-store.js'

/**
 * What came back from one send: the HTTP status (0 when no response arrived: network error,
 * offline, timeout) and the `Retry-After` header, if any.
 */
export interface TransportResult {
  status: number
  retryAfter?: string | null
  /** The failure when `status` is 0. */
  error?: unknown
}

export interface SendOptions {
  /**
   * The page is going away: use a request that outlives it (`fetch` keepalive, `sendBeacon`).
   * @default false
   */
  unloading?: boolean
}

/**
 * The wire port: sends one batch to the collector. Never throws; a failure is a result.
 * Adapters: fetch and sendBeacon (browser SDK), node fetch with gzip (Node SDK), memory (tests).
 */
export interface Transport {
  send(events: readonly StoredEvent[], options?: SendOptions): Promise<TransportResult>
}
