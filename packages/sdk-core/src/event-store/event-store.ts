/**
 * One queued message, serialised once when the call is made. Stores keep it as is; transports
 * join the `json` of a batch into a request body without serialising again.
 */
export interface StoredEvent {
  /** The message's `messageId`: unique within a queue. */
  id: string
  /** The message as JSON. */
  json: string
  /** UTF-8 bytes of `json`. */
  bytes: number
  /** Epoch ms when the call was made: drives the max age. */
  enqueuedAt: number
}

/** What `add` had to give up to stay within bounds: evicted old events, or the new one. */
export interface AddResult {
  /** Events no longer in the queue because of this add, oldest first (may be the new event). */
  dropped: StoredEvent[]
}

/**
 * The queue port: a bounded FIFO of events, shared by every sender that opens the same storage
 * (browser tabs of one site). Removal is by id, so a sender removes only what it sent.
 * Adapters: memory (here), IndexedDB and localStorage (browser SDK). Every adapter's test runs
 * `eventStoreContract`.
 */
export interface EventStore {
  /** Appends an event; evicts the oldest or rejects the new one when full (see `overflow`). */
  add(event: StoredEvent): Promise<AddResult>
  /** Up to `limit` events (`Infinity`: all), oldest first, without removing them. */
  peek(limit: number): Promise<StoredEvent[]>
  /** Removes the events with these ids; unknown ids are ignored. */
  remove(ids: readonly string[]): Promise<void>
  /** How many events are queued. */
  count(): Promise<number>
}

export interface EventStoreOptions {
  /**
   * Most events held.
   * @default 1000
   */
  maxEvents?: number
  /**
   * Most bytes (sum of the events' UTF-8 JSON) held.
   * @default 2_000_000
   */
  maxBytes?: number
  /**
   * What to do when an add would exceed a bound: `drop-oldest` evicts the oldest events (browser),
   * `reject-new` refuses the new one (servers, where the caller can react).
   * @default 'drop-oldest'
   */
  overflow?: 'drop-oldest' | 'reject-new'
}

/** Bounds filled; `overflow` stays optional: absent means `drop-oldest`. */
export type ResolvedEventStoreOptions = Required<Omit<EventStoreOptions, 'overflow'>> &
  Pick<EventStoreOptions, 'overflow'>

export function resolveEventStoreOptions(
  options: EventStoreOptions = {},
): ResolvedEventStoreOptions {
  return {
    maxEvents: options.maxEvents || 1000,
    maxBytes: options.maxBytes || 2_000_000,
    overflow: options.overflow,
  }
}

/**
 * How an add fits within bounds, given the queued events (oldest first) and their total bytes:
 * `-1` to reject the new event, else how many of the oldest to evict first. Shared by every adapter.
 */
export function planAdd(
  queued: ReadonlyArray<{ bytes: number }>,
  queuedBytes: number,
  incoming: number,
  bounds: ResolvedEventStoreOptions,
): number {
  if (incoming > bounds.maxBytes) return -1
  let count = queued.length + 1
  let bytes = queuedBytes + incoming
  if (count <= bounds.maxEvents && bytes <= bounds.maxBytes) return 0
  if (bounds.overflow === 'reject-new') return -1
  let evict = 0
  while (count > bounds.maxEvents || bytes > bounds.maxBytes) {
    bytes -= (queued[evict] as { bytes: number }).bytes
    count--
    evict++
  }
  return evict
}
