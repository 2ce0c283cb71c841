import type { SessionRecord } from '@clickstream/schema'
import { applyBatch, type KeyRecord } from '../core/apply-batch.js'
import type { ResolvedSessionRules } from '../core/options.js'
import type { DeadLetter, DeadLetterEntry } from '../dead-letter/dead-letter.js'
import { CommitConflictError } from '../errors.js'
import type { SessionStore } from '../session-store/session-store.js'

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
    }
    if (result.late.length > 0)
      await context.deadLetter.put(lateEntries(key, records, result.late, context.clock()))
    if (!result.changed) return outcome
    const updatedAt = new Date(context.clock()).toISOString()
    const upserts: SessionRecord[] = result.upserts.map((draft) => ({ ...draft, updatedAt }))
    const committed = await store.commit({
      key,
      expectedVersion: loaded.version,
      state: result.state,
      upserts,
      removals: result.removals,
    })
    if (committed.ok) return outcome
    if (attempt < context.maxAttempts) await context.sleep(backoff(attempt))
  }
  throw new CommitConflictError(key, context.maxAttempts)
}

/** Full-jitter exponential backoff between commit attempts, capped at 200 ms. */
const backoff = (attempt: number) => Math.random() * Math.min(200, 10 * 2 ** attempt)

function lateEntries(
  key: string,
  records: readonly KeyRecord[],
  late: readonly { messageId: string }[],
  now: number,
): DeadLetterEntry[] {
  const ids = new Set(late.map((event) => event.messageId))
  return records.flatMap((record) =>
    record.events
      .filter((event) => ids.has(event.messageId))
      .map((event) => ({
        reason: 'too_late' as const,
        message: 'event is older than the sessions kept in its key state; its session is final',
        shardId: record.shardId,
        sequenceNumber: record.sequenceNumber,
        partitionKey: key,
        data: JSON.stringify(event),
        at: new Date(now).toISOString(),
      })),
  )
}
