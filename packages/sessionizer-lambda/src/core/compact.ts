import type { EventFact } from './event-fact.js'
import type { FrozenMark, KeyState } from './key-state.js'
import type { ResolvedSessionRules } from './options.js'
import { type FactGroup, isGapBoundary } from './sessionize.js'

/**
 * Drops the oldest whole sessions from a key's state once they are past the late horizon, or
 * when the state holds too many events or sessions. The newest session is kept, unless it alone
 * holds more than twice `maxStateEvents` (a bot, say): then it is frozen too, so the state item
 * always fits DynamoDB's 400 KB, and events that would still extend it are set aside.
 *
 * The cut is always at a session boundary, and the frozen mark makes every later event that
 * could still change a compacted session "too late", so the retained facts sessionize exactly
 * like the full history's suffix: compacted sessions are final and never rewritten.
 */
export function compact(
  state: KeyState,
  groups: readonly FactGroup[],
  rules: Pick<
    ResolvedSessionRules,
    'gapMs' | 'lateHorizonMs' | 'maxStateEvents' | 'maxStateSessions'
  >,
): KeyState {
  const newest = state.facts.at(-1)?.t ?? 0
  let events = state.facts.length
  let cut = 0
  while (cut < groups.length - 1) {
    const group = groups[cut] as FactGroup
    const end = (group.facts.at(-1) as EventFact).t
    const tooOld = end < newest - rules.lateHorizonMs
    const tooMany = events > rules.maxStateEvents || groups.length - cut > rules.maxStateSessions
    if (!tooOld && !tooMany) break
    events -= group.facts.length
    cut += 1
  }
  if (cut === groups.length - 1 && events > 2 * rules.maxStateEvents) cut = groups.length
  if (cut === 0) return state
  const lastFrozen = groups[cut - 1] as FactGroup
  const firstKept = groups[cut]?.facts[0]
  const end = (lastFrozen.facts.at(-1) as EventFact).t
  const frozen: FrozenMark =
    firstKept === undefined || isGapBoundary(groups, cut, rules.gapMs)
      ? { t: end + rules.gapMs + 1, id: '' }
      : { t: firstKept.t, id: firstKept.id }
  if (lastFrozen.userId) frozen.userId = lastFrozen.userId
  return { ...state, facts: groups.slice(cut).flatMap((group) => group.facts), frozen }
}
