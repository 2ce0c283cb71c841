import type { EventFact } from './event-fact.js'

/**
 * Order position before which events are too late for a key: their sessions were compacted out
 * of the state and are final. Events ordered before `(t, id)` are set aside, not applied.
 */
export interface FrozenMark {
  t: number
  id: string
  /** userId in effect at the end of the compacted sessions. */
  userId?: string
}

/**
 * Everything the sessionizer keeps per partition key, besides the session items themselves.
 * The live sessions are a pure function of `facts` and `frozen.userId`.
 */
export interface KeyState {
  /** Facts of the retained (recent) sessions' events: sorted, one per messageId. */
  facts: EventFact[]
  frozen?: FrozenMark
  /** Per shard, the highest sequence number applied for this key (high-water mark). */
  checkpoints: Record<string, string>
}

export const emptyKeyState = (): KeyState => ({ facts: [], checkpoints: {} })

/** Kinesis sequence numbers are decimal strings of up to 128 bits: compare by length, then text. */
export function compareSequence(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** Whether `fact` is ordered before the frozen mark, i.e. too late to apply exactly. */
export function isBeforeMark(fact: Pick<EventFact, 't' | 'id'>, mark: FrozenMark | undefined) {
  return mark !== undefined && (fact.t < mark.t || (fact.t === mark.t && fact.id < mark.id))
}

/** Most shards whose checkpoints a key remembers (resharding creates new shard ids). */
export const MAX_CHECKPOINT_SHARDS = 8

/** Checkpoints with `sequence` applied for `shardId`, bounded to the most recent shards. */
export function advanceCheckpoint(
  checkpoints: Record<string, string>,
  shardId: string,
  sequence: string,
): Record<string, string> {
  const current = checkpoints[shardId]
  if (current !== undefined && compareSequence(current, sequence) >= 0) return checkpoints
  const { [shardId]: _previous, ...rest } = checkpoints
  const entries = Object.entries(rest)
  // Insertion order is recency order: drop the shard updated longest ago.
  const kept = entries.slice(Math.max(0, entries.length - (MAX_CHECKPOINT_SHARDS - 1)))
  return { ...Object.fromEntries(kept), [shardId]: sequence }
}
