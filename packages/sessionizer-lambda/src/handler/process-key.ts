import type { Enricher } from '@clickstream/enrich'
import { type BackoffOptions, computeBackoff } from '@clickstream/retry'
import type { SessionRecord } from '@clickstream/schema'
import { applyBatch, type KeyRecord } from '../core/apply-batch.js'
import type { ResolvedSessionRules } from '../core/options.js'
import { byIdentity, type DeadLetter, type DeadLetterEntry } from '../dead-letter/dead-letter.js'
import { CommitConflictError, StateTooLargeError } from '../errors.js'
import type { CommitResult, SessionStore } from '../session-store/session-store.js'

/** A decoded record of the key, with when it reached the stream (the day of its dead letters). */
export interface ArrivedKeyRecord extends KeyRecord {
  /** Kinesis `approximateArrivalTimestamp`, ISO-8601: the same on every delivery. */
  arrivedAt: string
}

export interface KeyContext {
  store: SessionStore
  deadLetter: DeadLetter
  rules: ResolvedSessionRules
  /** Enriches each session written (`summarize`). */
  enricher: Enricher
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
 *
 * Too-late events are put to the dead letter before the commit that moves the shard's mark past
 * their records, never after it. A crash (or a failed put) before the commit leaves the records
 * unapplied: the batch comes again and sets the same events aside again, under the same identity
 * (the table overwrites them; the Kinesis stream gets a copy with the same `id`). Putting after
 * the commit would lose them: the redelivered records would be skipped as applied. Each entry is
 * put once per invocation: after a conflict the events late before are late again (the frozen
 * mark only moves forward), so only newly late ones are put.
 */
export async function processKey(
  key: string,
  records: readonly ArrivedKeyRecord[],
  context: KeyContext,
): Promise<KeyOutcome> {
  const { store, rules } = context
  const setAside = setAsideOnce(context.deadLetter)
  for (let attempt = 1; attempt <= context.maxAttempts; attempt++) {
    const loaded = await store.load(key)
    const result = applyBatch(key, loaded.state, records, rules, context.enricher)
    const outcome: KeyOutcome = {
      applied: result.applied,
      duplicates: result.duplicates,
      late: result.late.length,
      upserts: result.upserts.length,
      removals: result.removals.length,
      attempts: attempt,
      tooLarge: 0,
    }
    await setAside(eventEntries(key, records, result.late, 'too_late', context.clock()))
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
      // Nothing was written: the batch's events are set aside (the late ones keep `too_late`).
      const events = records.flatMap((record) => record.events)
      const tooLarge = await setAside(
        eventEntries(key, records, events, 'state_too_large', context.clock()),
      )
      return { ...outcome, applied: 0, upserts: 0, removals: 0, tooLarge }
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

/** Puts each dead letter at most once per invocation; says how many it put. */
function setAsideOnce(deadLetter: DeadLetter) {
  const put = new Set<string>()
  return async (entries: readonly DeadLetterEntry[]): Promise<number> => {
    const fresh = [...byIdentity(entries)].filter(([id]) => !put.has(id))
    if (fresh.length === 0) return 0
    await deadLetter.put(fresh.map(([, entry]) => entry))
    for (const [id] of fresh) put.add(id)
    return fresh.length
  }
}

function eventEntries(
  key: string,
  records: readonly ArrivedKeyRecord[],
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
        messageId: event.messageId,
        partitionKey: key,
        data: JSON.stringify(event),
        arrivedAt: record.arrivedAt,
        at: new Date(now).toISOString(),
      })),
  )
}
