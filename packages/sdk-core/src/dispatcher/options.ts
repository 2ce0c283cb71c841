import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES } from '@clickstream/schema/lite'
import { BATCH_OVERHEAD_BYTES } from '../batch/take-batch.js'
import type { EventStore } from '../event-store/event-store.js'
import type { Transport } from '../transport/transport.js'

/**
 * Runs `task` while holding a lock shared by every sender of one queue (browser tabs), or returns
 * `undefined` at once without running it when another sender holds the lock.
 */
export type Lock = <T>(task: () => Promise<T>) => Promise<T | undefined>

export interface DispatcherOptions {
  store: EventStore
  transport: Transport
  /** @default no lock (one sender per queue) */
  lock?: Lock
  /**
   * Most events per request; a batch this full is sent at once.
   * @default 20
   */
  batchSize?: number
  /**
   * Longest time, in ms, an event waits for its batch to fill.
   * @default 1000
   */
  flushInterval?: number
  /**
   * Largest request body, in bytes (at most 500 KB, the collector's limit).
   * @default 512_000
   */
  maxRequestBytes?: number
  /**
   * Events older than this (ms since the call) are dropped instead of sent.
   * @default 604_800_000 (7 days)
   */
  maxAge?: number
  /**
   * Sends of one event before it is dropped.
   * @default Infinity (until maxAge)
   */
  maxAttempts?: number
  /**
   * Ceiling of the first retry's delay, in ms; doubles per consecutive failure (full jitter).
   * @default 1000
   */
  retryBaseDelay?: number
  /**
   * Largest backoff delay, in ms.
   * @default 300_000
   */
  retryMaxDelay?: number
  /**
   * Largest `Retry-After` honoured, in ms.
   * @default 3_600_000
   */
  maxRetryAfter?: number
  /**
   * Unref timers so a pending retry never keeps a Node process alive.
   * @default false
   */
  unrefTimers?: boolean
  /** @default Date.now */
  now?: () => number
  /** @default Math.random */
  random?: () => number
}

export type ResolvedDispatcherOptions = Required<DispatcherOptions>

const clamp = (value: number | undefined, min: number, max: number, fallback: number) =>
  Math.min(max, Math.max(min, value ?? fallback))

export function resolveDispatcherOptions(options: DispatcherOptions): ResolvedDispatcherOptions {
  return {
    store: options.store,
    transport: options.transport,
    lock: options.lock ?? ((task) => task()),
    batchSize: Math.floor(clamp(options.batchSize, 1, MAX_BATCH_MESSAGES, 20)),
    flushInterval: clamp(options.flushInterval, 0, 2 ** 31 - 1, 1000),
    maxRequestBytes: clamp(
      options.maxRequestBytes,
      MAX_MESSAGE_BYTES + BATCH_OVERHEAD_BYTES,
      MAX_REQUEST_BYTES,
      MAX_REQUEST_BYTES,
    ),
    maxAge: clamp(options.maxAge, 0, Number.MAX_SAFE_INTEGER, 7 * 24 * 3600 * 1000),
    maxAttempts: clamp(options.maxAttempts, 1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY),
    retryBaseDelay: clamp(options.retryBaseDelay, 0, 2 ** 31 - 1, 1000),
    retryMaxDelay: clamp(options.retryMaxDelay, 0, 2 ** 31 - 1, 300_000),
    maxRetryAfter: clamp(options.maxRetryAfter, 0, 2 ** 31 - 1, 3_600_000),
    unrefTimers: options.unrefTimers ?? false,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  }
}
