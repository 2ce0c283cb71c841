import type { Enricher } from '@clickstream/enrich'
import type { EnrichedMessage, SessionRecord } from '@clickstream/schema'
import { type EventFact, preferredCopy, toFact } from '../src/core/event-fact.js'
import type { ResolvedSessionRules } from '../src/core/options.js'
import { type SessionDraft, summarize } from '../src/core/summarize.js'

/**
 * The offline sessionization the sessionizer must agree with: all copies at once, one per
 * messageId, sorted, split on gaps and max length, written in the most obvious way.
 */
export function referenceSessions(
  events: readonly EnrichedMessage[],
  rules: ResolvedSessionRules,
  enricher?: Enricher,
): SessionDraft[] {
  const keys = new Map<string, Map<string, EventFact>>()
  for (const event of events) {
    const key = event.anonymousId ?? event.userId ?? ''
    const byId = keys.get(key) ?? new Map<string, EventFact>()
    const fact = toFact(event)
    const known = byId.get(fact.id)
    byId.set(fact.id, known ? preferredCopy(known, fact) : fact)
    keys.set(key, byId)
  }
  const sessions: SessionDraft[] = []
  for (const [key, byId] of [...keys].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const facts = [...byId.values()].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1))
    let userId: string | undefined
    let group: EventFact[] = []
    const close = () => {
      if (group.length > 0) sessions.push(summarize(key, { facts: group, userId }, rules, enricher))
      group = []
    }
    for (const fact of facts) {
      const first = group[0]
      const previous = group.at(-1)
      if (
        first &&
        previous &&
        (fact.t - previous.t > rules.gapMs || fact.t - first.t > rules.maxSessionMs)
      ) {
        close()
      }
      group.push(fact)
      if (fact.u) userId = fact.u
    }
    close()
  }
  return sessions
}

/** Sessions as stored, minus `updatedAt` (the only field that depends on when it was written). */
export const withoutUpdatedAt = (sessions: readonly SessionRecord[]): SessionDraft[] =>
  sessions.map(({ updatedAt: _updatedAt, ...draft }) => draft)
