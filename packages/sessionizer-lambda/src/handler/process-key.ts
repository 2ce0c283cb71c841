import { type BackoffOptions, computeBackoff } from '@clickstream/retry'
import type { SessionRecord } from '@clickstream/schema'
import { applyBatch, type KeyRecord } from '../core/apply-batch.js'
import type { ResolvedSessionRules } from '../core/options.js'
import type { DeadLetter, DeadLetterEntry } from '../dead-letter/dead-letter.js'
import { CommitConflictError, StateTooLargeError } from '../errors.js'
import type { CommitResult, SessionStore } from '../session-store/session-store.js'

export interface KeyContext {
  store: SessionStore
  deadLetter: DeadLetter
  rules: ResolvedSessionRules
  clock: () => number
  maxAttempts: number
  sleep: (ms: number) => Promise<void>
}

export interface KeyOutcome {
  applied: number
  duplicates: number
  late: number
  upserts: number
  removals: number
  attempts: number
  /** Events set aside because the key's state would not fit the store. */
  tooLarge: number
}

/**
 * Applies one key's records of a batch: load, merge in memory, one versioned commit. On a
 * version conflict, reloads and tries again (the other writer's events are then duplicates).
 * Throws `CommitConflictError` after `maxAttempts`, or the store's transient error.
 */
export async function processKey(
  key: string,
  records: readonly KeyRecord[],
  context: KeyContext,
): Promise<KeyOutcome> {
  const { store, rules } = context
  for (let attempt = 1; attempt <= context.maxAttempts; attempt++) {
    const loaded = await store.load(key)
    const result = applyBatch(key, loaded.state, records, rules)
    const outcome: KeyOutcome = {
      applied: result.applied,
      duplicates: result.duplicates,
      late: result.late.length,
      upserts: result.upserts.length,
      removals: result.removals.length,
      attempts: attempt,
      tooLarge: 0,
    }
    if (result.late.length > 0) {
      const entries = eventEntries(key, records, result.late, 'too_late', context.clock())
      await context.deadLetter.put(entries)
    }
    if (!result.changed) return outcome
    const updatedAt = new Date(context.clock()).toISOString()
    const upserts: SessionRecord[] = result.upserts.map((draft) => ({ ...draft, updatedAt }))
    let committed: CommitResult
    try {
      committed = await store.commit({
        key,
        expectedVersion: loaded.version,
        state: result.state,
        upserts,
        removals: result.removals,
      })
    } catch (error) {
      if (!(error instanceof StateTooLargeError)) throw error
      const events = records.flatMap((record) => record.events)
      await context.deadLetter.put(
        eventEntries(key, records, events, 'state_too_large', context.clock()),
      )
      return { ...outcome, applied: 0, upserts: 0, removals: 0, tooLarge: events.length }
    }
    if (committed.ok) return outcome
    if (attempt < context.maxAttempts)
      await context.sleep(computeBackoff(attempt - 1, COMMIT_BACKOFF))
  }
  throw new CommitConflictError(key, context.maxAttempts)
}

/** Waits between commit attempts: short, as the other writer's commit has already landed. */
const COMMIT_BACKOFF: BackoffOptions = { baseMs: 10, maxMs: 200 }

const REASONS = {
  too_late: 'event is older than the sessions kept in its key state; its session is final',
  state_too_large: "the key's state would not fit the store's item; the event was not applied",
} as const

function eventEntries(
  key: string,
  records: readonly KeyRecord[],
  events: readonly { messageId: string }[],
  reason: keyof typeof REASONS,
  now: number,
): DeadLetterEntry[] {
  const ids = new Set(events.map((event) => event.messageId))
  return records.flatMap((record) =>
    record.events
      .filter((event) => ids.has(event.messageId))
      .map((event) => ({
        reason,
        message: REASONS[reason],
        shardId: record.shardId,
        sequenceNumber: record.sequenceNumber,
        partitionKey: key,
        data: JSON.stringify(event),
        at: new Date(now).toISOString(),
      })),
  )
}
