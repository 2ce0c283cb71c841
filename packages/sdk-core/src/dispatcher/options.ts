import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES } from '@clickstream/schema/lite'
import { BATCH_OVERHEAD_BYTES } from '../batch/take-batch.js'
import type { EventStore } from '../event-store/event-store.js'
import type { Lock } from '../lock/lock.js'
import type { Transport } from '../transport/transport.js'
import type { RetryLimit } from './attempt-limit.js'

export interface DispatcherOptions {
  store: EventStore
  transport: Transport
  /**
   * Shared by every sender of one queue: `createMemoryLock()` for one process (Node), a cross-tab
   * lock in browsers. Required, so a bundle carries only the lock it uses.
   */
  lock: Lock
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
   * Gives up on events after some failed sends, e.g. `createAttemptLimit(3)` (servers).
   * @default none: retry until `maxAge`
   */
  retryLimit?: RetryLimit
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

/** Every option filled but the plug-ins that are off by default. */
export type ResolvedDispatcherOptions = Required<
  Omit<DispatcherOptions, 'retryLimit' | 'unrefTimers'>
> &
  Pick<DispatcherOptions, 'retryLimit' | 'unrefTimers'>

/** setTimeout's largest delay. */
export const MAX_DELAY = 2 ** 31 - 1

export function resolveDispatcherOptions(options: DispatcherOptions): ResolvedDispatcherOptions {
  const defaults: Partial<ResolvedDispatcherOptions> = {
    flushInterval: 1000,
    maxAge: 7 * 24 * 3600 * 1000,
    retryBaseDelay: 1000,
    retryMaxDelay: 300_000,
    maxRetryAfter: 3_600_000,
    now: Date.now,
    random: Math.random,
  }
  const resolved: Record<string, unknown> = { ...options }
  // `null` and explicit `undefined`s mean "default"
  for (const key in defaults) resolved[key] ??= defaults[key as keyof typeof defaults]
  return {
    ...resolved,
    batchSize: Math.min(MAX_BATCH_MESSAGES, Math.max(1, options.batchSize ?? 20) | 0),
    maxRequestBytes: Math.min(
      MAX_REQUEST_BYTES,
      Math.max(
        MAX_MESSAGE_BYTES + BATCH_OVERHEAD_BYTES,
        options.maxRequestBytes ?? MAX_REQUEST_BYTES,
      ),
    ),
  } as ResolvedDispatcherOptions
}
