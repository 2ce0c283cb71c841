import type { EventStore, Transport } from '@clickstream/sdk-core'
import type { PersistenceOptions } from './persistence.js'
import type { Plugin } from './plugin.js'

export interface AnalyticsOptions extends PersistenceOptions {
  /** The source's write key (sent in the request body). */
  writeKey: string
  /**
   * Collector origin; events go to `<host>/v1/batch`.
   * @default the page's origin
   */
  host?: string
  /** @default 20 */
  batchSize?: number
  /** Longest wait, in ms, for a batch to fill. @default 1000 */
  flushInterval?: number
  /** Events older than this (ms) are dropped, not sent. @default 604_800_000 (7 days) */
  maxAge?: number
  /** Ceiling of the first retry's delay, ms (doubles per failure, full jitter). @default 1000 */
  retryBaseDelay?: number
  /** Largest backoff delay, ms. @default 300_000 */
  retryMaxDelay?: number
  /** Most events queued; the oldest are dropped beyond it. @default 1000 */
  maxQueueEvents?: number
  /** Most bytes queued; the oldest are dropped beyond it. @default 2_000_000 */
  maxQueueBytes?: number
  /**
   * Queue storage. IndexedDB falls back to localStorage, then memory, when it is missing or throws.
   * @default 'indexeddb'
   */
  storage?: 'indexeddb' | 'localstorage' | 'memory'
  /** Plugins run in order on every event before it is queued. @default [] */
  plugins?: Plugin[]
  /**
   * Consent categories, stamped on every event as `context.consent.categoryPreferences` (Segment's
   * consent object). Without `categories`, consent is unknown until `analytics.consent(categories)`:
   * calls wait in memory (`wait: 'queue'`), nothing written to the device or sent, or are not
   * recorded (`wait: 'drop'`). Absent: no consent stamp and no waiting.
   */
  consent?: { categories?: Record<string, boolean>; wait?: 'queue' | 'drop' }
  /**
   * Treat Global Privacy Control (`navigator.globalPrivacyControl`) and Do Not Track
   * (`navigator.doNotTrack === '1'`) as an opt-out: nothing recorded or sent. @default false
   */
  honorPrivacySignals?: boolean
  /** Log drops, retries and fallbacks to the console. @default false */
  debug?: boolean
  /** Injected queue (tests, custom storage). @default per `storage` */
  store?: EventStore
  /** Injected transport. @default fetch (text/plain, keepalive) */
  transport?: Transport
  /** @default globalThis.fetch */
  fetch?: typeof fetch
}

/** `storage` and `plugins` keep their defaults implicit: an absent one reads as the default. */
export type ResolvedAnalyticsOptions = AnalyticsOptions & { host: string }

/** Fills what the browser decides; delivery defaults are the dispatcher's (same values). */
export function resolveAnalyticsOptions(options: AnalyticsOptions): ResolvedAnalyticsOptions {
  return {
    ...options,
    writeKey: String(options.writeKey ?? ''),
    host: (options.host ?? location.origin).replace(/\/+$/, ''),
  }
}
