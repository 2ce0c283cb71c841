import type { DropCode } from '@clickstream/sdk-core'
import type { DeliveryError } from './errors.js'

/**
 * Why an event will never be delivered: the core dispatcher's drop code, or `closed`. A code, not
 * text: `reason` says the same in words and may be reworded.
 * - `queue-full`: the queue was full (events or bytes): the new event was refused, or the oldest
 *   evicted.
 * - `rejected`: the collector answered a 4xx other than 408/429 for its batch.
 * - `retries-exhausted`: `maxRetries` retries failed.
 * - `expired`: queued too long.
 * - `closed`: called after `closeAndFlush`, or still queued when its timeout passed.
 * - `queue-failed`: a custom store threw.
 * - `cleared`: never here (the browser SDK's optOut and reset).
 */
export type DropKind = DropCode | 'closed'

export interface DropEvent {
  messageId: string
  kind: DropKind
  reason: string
}

export interface FlushEvent {
  /** Events of the batch the collector acknowledged (2xx). */
  count: number
  messageIds: string[]
}

/** What `on` can listen to. Listeners run synchronously; one that throws never breaks delivery. */
export interface AnalyticsEvents {
  /** A send failed and will be retried, or an event was dropped (one error per event). */
  error: DeliveryError
  /** An event will never be delivered, and why. */
  drop: DropEvent
  /** A batch was delivered. */
  flush: FlushEvent
}

export interface AnalyticsStats {
  /** Events waiting or in flight. */
  queued: number
  /** UTF-8 JSON bytes of the events waiting or in flight (what `maxQueueBytes` bounds). */
  queuedBytes: number
  delivered: number
  dropped: Record<DropKind, number>
  /** Failed sends that were retried. */
  retries: number
}

export const emptyDropCounts = (): Record<DropKind, number> => ({
  'queue-full': 0,
  cleared: 0, // only the browser clears its queue
  rejected: 0,
  'retries-exhausted': 0,
  expired: 0,
  closed: 0,
  'queue-failed': 0,
})
