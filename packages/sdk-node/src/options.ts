import { MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES } from '@clickstream/schema/lite'
import { BATCH_OVERHEAD_BYTES, type EventStore, type Transport } from '@clickstream/sdk-core'
import type { Compress } from './compress/compress.js'
import { ConfigError } from './errors.js'
import type { Runtime } from './runtime.js'

export interface AnalyticsOptions {
  /** The source's write key (sent as the HTTP Basic user name). Required. */
  writeKey: string
  /**
   * The collector's base URL.
   * @default 'http://localhost:8080'
   */
  host?: string
  /**
   * Path of the batch endpoint.
   * @default '/v1/batch'
   */
  path?: string
  /**
   * Events per request; a batch this full is sent at once (Segment: `maxEventsInBatch`).
   * @default 15
   */
  maxEventsInBatch?: number
  /**
   * Longest time, in ms, an event waits for its batch to fill.
   * @default 10_000
   */
  flushInterval?: number
  /**
   * Largest request body, in bytes (at most 500 KB, the collector's limit).
   * @default 512_000
   */
  maxRequestBytes?: number
  /**
   * Gzip request bodies larger than this many bytes; `false` never compresses.
   * @default 8192
   */
  compressAbove?: number | false
  /**
   * Retries of one event before it is dropped (reported through `error` and `drop`).
   * @default 10
   */
  maxRetries?: number
  /**
   * Ceiling of the first retry's delay, in ms; doubles per consecutive failure (full jitter).
   * @default 500
   */
  retryBaseDelay?: number
  /**
   * Largest backoff delay, in ms.
   * @default 60_000
   */
  retryMaxDelay?: number
  /**
   * Largest `Retry-After` honoured, in ms.
   * @default 300_000
   */
  maxRetryAfter?: number
  /**
   * Abort a request after this many ms (it is retried).
   * @default 10_000
   */
  httpRequestTimeout?: number
  /**
   * Most events queued in memory (waiting or in flight). Off by default: `maxQueueBytes` bounds
   * the queue (an event costs about 1.6× its JSON bytes of heap, bench/RESULTS.md).
   * @default no limit
   */
  maxQueueEvents?: number
  /**
   * Most bytes (UTF-8 JSON) queued in memory, waiting or in flight. Sized for a burst of
   * 100,000 typical events (about 320 B each) with room to spare.
   * @default 64_000_000 on Node, or 1/8 of the V8 heap limit when that is less (a small Lambda);
   * 16_000_000 on the edge entry (isolates have 128 MB)
   */
  maxQueueBytes?: number
  /**
   * When the queue is full: `reject-new` drops the new event (a `drop` event, a counter),
   * `drop-oldest` evicts the oldest queued events instead.
   * @default 'reject-new'
   */
  overflow?: 'reject-new' | 'drop-oldest'
  /**
   * Default for `closeAndFlush()`'s timeout, in ms.
   * @default 10_000
   */
  closeTimeout?: number
  /**
   * Accept calls (and validate them) but send nothing: for tests and local runs.
   * @default false
   */
  disable?: boolean
  /**
   * Never keep the process alive for a flush or retry timer. Off by default: a short script that
   * tracks and exits would otherwise lose its events (call `closeAndFlush` instead).
   * @default false
   */
  unrefTimers?: boolean
  /** Sends with this `fetch` instead of the entry's HTTP client. @default `node:http` on Node, `globalThis.fetch` on the edge entry */
  fetch?: typeof fetch
  /** @default node:zlib gzip on Node, CompressionStream elsewhere */
  compress?: Compress
  /** Replaces the HTTP transport (tests, custom wires). @default HTTP POST to host + path */
  transport?: Transport
  /** Replaces the bounded memory queue. @default createMemoryStore(maxQueueEvents, maxQueueBytes, overflow) */
  store?: EventStore
  /** @default Date.now */
  now?: () => number
  /** @default Math.random */
  random?: () => number
}

export interface ResolvedAnalyticsOptions
  extends Required<Omit<AnalyticsOptions, 'compress' | 'transport' | 'store' | 'compressAbove'>> {
  compressAbove: number
  compress: Compress | undefined
  transport: Transport | undefined
  store: EventStore | undefined
  /** `host` + `path` */
  url: string
}

const clamp = (value: number | undefined, min: number, max: number, fallback: number) =>
  Number.isNaN(value) ? fallback : Math.min(max, Math.max(min, value ?? fallback))

export function resolveAnalyticsOptions(
  options: AnalyticsOptions,
  runtime: Pick<Runtime, 'compress' | 'maxQueueBytes' | 'httpTransport'>,
): ResolvedAnalyticsOptions {
  if (typeof options?.writeKey !== 'string' || options.writeKey === '') {
    throw new ConfigError('writeKey is required (the source write key from the collector config)')
  }
  const host = (options.host ?? 'http://localhost:8080').replace(/\/+$/, '')
  const path = options.path ?? '/v1/batch'
  let url: string
  try {
    url = new URL(`${host}${path.startsWith('/') ? '' : '/'}${path}`).href
  } catch {
    throw new ConfigError(`host ${JSON.stringify(host)} is not a URL`)
  }
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function' && !options.transport && !runtime.httpTransport) {
    throw new ConfigError('no global fetch in this runtime: pass options.fetch')
  }
  const ms = (value: number | undefined, fallback: number) => clamp(value, 0, 2 ** 31 - 1, fallback)
  return {
    writeKey: options.writeKey,
    host,
    path,
    url,
    maxEventsInBatch: Math.floor(clamp(options.maxEventsInBatch, 1, 2500, 15)),
    flushInterval: ms(options.flushInterval, 10_000),
    maxRequestBytes: clamp(
      options.maxRequestBytes,
      MAX_MESSAGE_BYTES + BATCH_OVERHEAD_BYTES,
      MAX_REQUEST_BYTES,
      MAX_REQUEST_BYTES,
    ),
    compressAbove:
      options.compressAbove === false ? Number.POSITIVE_INFINITY : ms(options.compressAbove, 8192),
    maxRetries: clamp(options.maxRetries, 0, Number.POSITIVE_INFINITY, 10),
    retryBaseDelay: ms(options.retryBaseDelay, 500),
    retryMaxDelay: ms(options.retryMaxDelay, 60_000),
    maxRetryAfter: ms(options.maxRetryAfter, 300_000),
    httpRequestTimeout: ms(options.httpRequestTimeout, 10_000),
    maxQueueEvents: Math.floor(
      clamp(options.maxQueueEvents, 1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY),
    ),
    maxQueueBytes: Math.floor(
      clamp(
        options.maxQueueBytes,
        MAX_MESSAGE_BYTES,
        Number.MAX_SAFE_INTEGER,
        runtime.maxQueueBytes,
      ),
    ),
    overflow: options.overflow ?? 'reject-new',
    closeTimeout: ms(options.closeTimeout, 10_000),
    disable: options.disable ?? false,
    unrefTimers: options.unrefTimers ?? false,
    fetch: fetchImpl,
    compress: options.compress ?? runtime.compress,
    transport: options.transport,
    store: options.store,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  }
}
