import type { Enricher } from '@clickstream/enrich'
import type { PageRef, SessionCampaign, SessionRecord } from '@clickstream/schema'
import { formatTimestamp, OTHER_EVENTS_KEY } from '@clickstream/schema/lite'
import type { EventFact } from './event-fact.js'
import type { ResolvedSessionRules } from './options.js'
import { enrichSession, plainEnricher } from './session-enrichment.js'
import { sessionIdOfFact } from './session-id.js'
import type { FactGroup } from './sessionize.js'

/** A session record without `updatedAt` (set when written): a pure function of its events. */
export type SessionDraft = Omit<SessionRecord, 'updatedAt'>

/**
 * Per-name counts, bounded: the `max` most frequent names (ties by name) are kept, the others
 * add up under `$other`. A pure function of the session's events, whatever order they came in.
 */
export function boundedCounts(names: readonly string[], max: number): Record<string, number> {
  const tally = new Map<string, number>()
  for (const name of names) tally.set(name, (tally.get(name) ?? 0) + 1)
  const sorted = [...tally].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
  const keep = sorted.length > max ? max - 1 : max
  const counts: Record<string, number> = {}
  let other = 0
  for (const [index, [name, count]] of sorted.entries()) {
    if (index < keep && name !== OTHER_EVENTS_KEY) counts[name] = count
    else other += count
  }
  if (other > 0) counts[OTHER_EVENTS_KEY] = other
  return counts
}

const isView = (fact: EventFact) => fact.k === 'p' || fact.k === 's'

/**
 * The session record of one group of facts, enriched by `enricher` (`enrichSession`: the same
 * for the same facts, whatever order they arrived in).
 */
export function summarize(
  key: string,
  group: FactGroup,
  rules: Pick<ResolvedSessionRules, 'maxEventNames' | 'ttlMs'>,
  enricher: Enricher = plainEnricher(),
): SessionDraft {
  const { facts } = group
  const first = facts[0] as EventFact
  const last = facts.at(-1) as EventFact
  const views = facts.filter(isView)
  const tracks = facts.filter((fact) => fact.k === 't')
  const draft: SessionDraft = {
    sessionId: sessionIdOfFact(key, first.id),
    key,
    startedAt: formatTimestamp(first.t),
    endedAt: formatTimestamp(last.t),
    durationMs: last.t - first.t,
    eventCount: facts.length,
    pageViewCount: views.length,
    trackCount: tracks.length,
    eventCounts: boundedCounts(
      tracks.map((fact) => fact.n ?? ''),
      rules.maxEventNames,
    ),
    bounce: views.length === 1 && tracks.length === 0,
  }
  const anonymousId = facts.find((fact) => fact.a)?.a
  if (anonymousId) draft.anonymousId = anonymousId
  if (group.userId) draft.userId = group.userId
  const landing: PageRef | undefined = views[0]?.pg
  if (landing) draft.landingPage = landing
  const exit: PageRef | undefined = views.at(-1)?.pg
  if (exit) draft.exitPage = exit
  const referrer = facts.find((fact) => fact.ref)?.ref
  if (referrer) draft.referrer = referrer
  const campaign: SessionCampaign | undefined = facts.find((fact) => fact.c)?.c
  if (campaign) draft.campaign = campaign
  Object.assign(draft, enrichSession(facts, enricher))
  if (rules.ttlMs !== undefined) draft.ttl = Math.ceil((last.t + rules.ttlMs) / 1000)
  return draft
}

/** Lazy closing: a session is closed once no event can extend it any more. */
export function isSessionClosed(
  session: Pick<SessionRecord, 'endedAt'>,
  now: number,
  gapMs: number,
): boolean {
  return Date.parse(session.endedAt) + gapMs < now
}
