import type { EventFact } from './event-fact.js'

/** One session's events in order, with the userId in effect at its last event. */
export interface FactGroup {
  facts: EventFact[]
  /** Last userId seen (this session or earlier ones) up to the session's last event. */
  userId: string | undefined
}

export interface SessionizeOptions {
  gapMs: number
  maxSessionMs: number
  /** userId in effect before the first fact (carried over from compacted sessions). */
  carryUserId?: string | undefined
}

/**
 * Splits facts (sorted by `compareFacts`, distinct messageIds) into sessions: a new session
 * starts when the gap since the previous event exceeds `gapMs`, or when the event is more than
 * `maxSessionMs` after the session's first event. Pure: the same facts give the same groups.
 */
export function sessionize(facts: readonly EventFact[], options: SessionizeOptions): FactGroup[] {
  const groups: FactGroup[] = []
  let userId = options.carryUserId
  let current: EventFact[] = []
  let start = 0
  let previous = 0
  for (const fact of facts) {
    const split =
      current.length > 0 &&
      (fact.t - previous > options.gapMs || fact.t - start > options.maxSessionMs)
    if (split) {
      groups.push({ facts: current, userId })
      current = []
    }
    if (current.length === 0) start = fact.t
    current.push(fact)
    previous = fact.t
    if (fact.u) userId = fact.u
  }
  if (current.length > 0) groups.push({ facts: current, userId })
  return groups
}

/** Whether the boundary before `groups[index]` is an inactivity gap (not a max-length cut). */
export function isGapBoundary(groups: readonly FactGroup[], index: number, gapMs: number): boolean {
  const before = groups[index - 1]?.facts.at(-1)
  const after = groups[index]?.facts[0]
  return before !== undefined && after !== undefined && after.t - before.t > gapMs
}
