import type { Enricher } from '@clickstream/enrich'
import type { EnrichedMessage } from '@clickstream/schema'
import { compact } from './compact.js'
import { compareFacts, type EventFact, preferredCopy, toFact } from './event-fact.js'
import { advanceCheckpoint, compareSequence, isBeforeMark, type KeyState } from './key-state.js'
import type { ResolvedSessionRules } from './options.js'
import { plainEnricher } from './session-enrichment.js'
import { sessionize } from './sessionize.js'
import { type SessionDraft, summarize } from './summarize.js'

/** One decoded Kinesis record of the key, in stream order. */
export interface KeyRecord {
  shardId: string
  sequenceNumber: string
  events: readonly EnrichedMessage[]
}

/** What applying a batch to a key changes. */
export interface KeyBatchResult {
  state: KeyState
  /** Sessions created or changed (compare by `sessionId`). */
  upserts: SessionDraft[]
  /** Sessions that no longer exist (merged into another, or renamed by a new first event). */
  removals: SessionDraft[]
  /** Whether `state` differs from the input state (nothing to write when false). */
  changed: boolean
  applied: number
  duplicates: number
  /** Events ordered before the frozen mark: too late to apply exactly, set aside. */
  late: EnrichedMessage[]
}

/** The live sessions of a key state, in time order. */
export function sessionsOf(
  key: string,
  state: KeyState,
  rules: ResolvedSessionRules,
  enricher: Enricher = plainEnricher(),
) {
  const groups = sessionize(state.facts, { ...rules, carryUserId: state.frozen?.userId })
  return { groups, drafts: groups.map((group) => summarize(key, group, rules, enricher)) }
}

/**
 * The pure step of the sessionizer for one key and one batch: skips records at or below the
 * shard's high-water mark, drops messageIds already applied (keeping the preferred copy), merges
 * the rest, re-sessionizes the retained facts and compacts. Final sessions depend only on the set
 * of distinct events applied, never on batching, order or redelivery.
 */
export function applyBatch(
  key: string,
  state: KeyState,
  records: readonly KeyRecord[],
  rules: ResolvedSessionRules,
  enricher: Enricher = plainEnricher(),
): KeyBatchResult {
  const byId = new Map(state.facts.map((fact) => [fact.id, fact]))
  let checkpoints = state.checkpoints
  let applied = 0
  let duplicates = 0
  let factsChanged = false
  const late: EnrichedMessage[] = []
  for (const record of records) {
    const mark = checkpoints[record.shardId]
    if (mark !== undefined && compareSequence(record.sequenceNumber, mark) <= 0) {
      duplicates += record.events.length
      continue
    }
    checkpoints = advanceCheckpoint(checkpoints, record.shardId, record.sequenceNumber)
    for (const event of record.events) {
      const fact = toFact(event)
      if (isBeforeMark(fact, state.frozen)) {
        late.push(event)
        continue
      }
      const known = byId.get(fact.id)
      if (known === undefined) {
        byId.set(fact.id, fact)
        applied += 1
        factsChanged = true
        continue
      }
      duplicates += 1
      const preferred = preferredCopy(known, fact)
      if (preferred !== known) {
        byId.set(fact.id, preferred)
        factsChanged = true
      }
    }
  }
  const checkpointsChanged = checkpoints !== state.checkpoints
  if (!factsChanged) {
    const next = checkpointsChanged ? { ...state, checkpoints } : state
    return {
      state: next,
      upserts: [],
      removals: [],
      changed: checkpointsChanged,
      applied,
      duplicates,
      late,
    }
  }
  const facts: EventFact[] = [...byId.values()].sort(compareFacts)
  const merged: KeyState = { ...state, facts, checkpoints }
  const before = sessionsOf(key, state, rules, enricher).drafts
  const after = sessionsOf(key, merged, rules, enricher)
  const { upserts, removals } = diffSessions(before, after.drafts)
  const next = compact(merged, after.groups, rules)
  return { state: next, upserts, removals, changed: true, applied, duplicates, late }
}

/**
 * Sessions to write and to remove to go from `before` to `after`. A session whose start moved
 * (a preferred copy of its first event replaced another) is removed at its old start too: stores
 * may sort sessions by start.
 */
export function diffSessions(before: readonly SessionDraft[], after: readonly SessionDraft[]) {
  const old = new Map(before.map((draft) => [draft.sessionId, draft]))
  const kept = new Set(after.map((draft) => `${draft.startedAt}#${draft.sessionId}`))
  const upserts = after.filter((draft) => !sameDraft(old.get(draft.sessionId), draft))
  const removals = before.filter((draft) => !kept.has(`${draft.startedAt}#${draft.sessionId}`))
  return { upserts, removals }
}

function sameDraft(a: SessionDraft | undefined, b: SessionDraft): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b)
}
