import type { EnrichedMessage, Enrichment, Issue, RejectedReason } from '@clickstream/schema'

/** One row of the event debugger: an accepted event or a rejected one with its reasons. */
export type FeedEntry =
  | {
      kind: 'accepted'
      seq: number
      at: number
      key: string
      sourceId: string
      event: EnrichedMessage
      /** What the consumers add to it (device, bot, geo, channel), computed as they compute it. */
      enrichment?: Enrichment
    }
  | {
      kind: 'rejected'
      seq: number
      at: number
      sourceId: string
      messageId?: string
      /** Why the collector wrote it (absent: `invalid`); `plan_flagged` ones are in the stream too. */
      reason?: RejectedReason
      issues: Issue[]
      raw: string
    }

export type FeedInput = FeedEntry extends infer E
  ? E extends FeedEntry
    ? Omit<E, 'seq'>
    : never
  : never

export interface RatePoint {
  /** Epoch second. */
  t: number
  accepted: number
  rejected: number
}

export interface EventFeedOptions {
  /** Entries kept in memory, newest win. @default 5000 */
  capacity?: number
  /** Seconds of per-second counts kept for the chart. @default 600 */
  rateWindowSeconds?: number
}

export interface EventFeed {
  add(entry: FeedInput): FeedEntry
  /** Newest first. */
  recent(limit?: number): FeedEntry[]
  /** Accepted events of one partition key between two instants (epoch ms), oldest first. */
  timeline(key: string, from: number, to: number): EnrichedMessage[]
  subscribe(listener: (entry: FeedEntry) => void): () => void
  /** Per-second counts for the last `seconds`, oldest first, zeros included. */
  rate(seconds: number, now?: number): RatePoint[]
  totals(): { accepted: number; rejected: number }
}

/** A bounded in-memory log of what went through the pipeline, for the live views. */
export function createEventFeed(options: EventFeedOptions = {}): EventFeed {
  const capacity = options.capacity ?? 5000
  const window = options.rateWindowSeconds ?? 600
  const entries: FeedEntry[] = []
  const buckets = new Map<number, RatePoint>()
  const listeners = new Set<(entry: FeedEntry) => void>()
  const totals = { accepted: 0, rejected: 0 }
  let seq = 0

  return {
    add(input) {
      const entry = { ...input, seq: ++seq } as FeedEntry
      entries.push(entry)
      if (entries.length > capacity) entries.splice(0, entries.length - capacity)
      totals[entry.kind]++
      const t = Math.floor(entry.at / 1000)
      const bucket = buckets.get(t) ?? { t, accepted: 0, rejected: 0 }
      bucket[entry.kind]++
      buckets.set(t, bucket)
      for (const old of buckets.keys()) if (old < t - window) buckets.delete(old)
      for (const listener of listeners) listener(entry)
      return entry
    },
    recent: (limit = 200) => entries.slice(-limit).reverse(),
    timeline(key, from, to) {
      return entries
        .filter(
          (e): e is Extract<FeedEntry, { kind: 'accepted' }> =>
            e.kind === 'accepted' && e.key === key,
        )
        .map((e) => e.event)
        .filter((e) => {
          const t = Date.parse(e.timestamp)
          return t >= from && t <= to
        })
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    rate(seconds, now = Date.now()) {
      const end = Math.floor(now / 1000)
      return Array.from({ length: seconds }, (_, i) => {
        const t = end - seconds + 1 + i
        return buckets.get(t) ?? { t, accepted: 0, rejected: 0 }
      })
    },
    totals: () => ({ ...totals }),
  }
}
