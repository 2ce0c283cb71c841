import type { DeadLetter, DeadLetterEntry } from '../src/dead-letter/dead-letter.js'
import { createHandler } from '../src/handler/create-handler.js'
import type { MetricsLike } from '../src/handler/ports.js'
import type { SessionStore } from '../src/session-store/session-store.js'
import { kinesisRecord, message, rawRecord, sequenceOf, streamEvent } from './kinesis.js'

/** The UTC day the scenario's records reach the stream. */
export const ARRIVAL_DAY = '2026-03-01'
/** The UTC day the clock has moved on to by the time the batch is retried and redelivered. */
export const NEXT_DAY = '2026-03-02'

/** A store whose first commit answers a version conflict (another writer won), writing nothing. */
function conflictOnce(store: SessionStore): SessionStore {
  let conflicted = false
  return {
    ...store,
    async commit(commit) {
      if (conflicted) return store.commit(commit)
      conflicted = true
      return { ok: false, reason: 'conflict' }
    },
  }
}

/**
 * The same dead letters set aside over and over, as production does: a key whose first visit is
 * compacted (a one-hour horizon) gets a batch with a too-late event beside an undecodable record;
 * its first commit conflicts (so the key is applied twice in one invocation), and the batch is
 * delivered again later. The clock crosses midnight meanwhile. Each dead letter must be found once.
 */
export async function conflictAndRedelivery(store: SessionStore, deadLetter: DeadLetter) {
  const rules = { gapMs: 30 * 60_000, lateHorizonMs: 3_600_000 }
  const visit = [message({ id: 'a', at: 0 }), message({ id: 'b', at: 10 })]
  const setup = createHandler({ ...rules, store, deadLetter })
  await setup(streamEvent([kinesisRecord('anon-1', [...visit, message({ id: 'c', at: 200 })], 1)]))

  let conflicts = 0
  const metrics: MetricsLike = {
    addMetric(name, _unit, value) {
      if (name === 'CommitConflicts') conflicts += value
    },
    publishStoredMetrics() {},
  }
  let now = Date.parse(`${ARRIVAL_DAY}T23:59:59.990Z`)
  const clock = () => {
    now += 7
    return now
  }
  const batch = streamEvent([
    // `x` falls before the frozen mark of the compacted visit; `y` extends the live session.
    kinesisRecord('anon-1', [message({ id: 'x', at: 40 }), message({ id: 'y', at: 210 })], 2),
    rawRecord('anon-1', Buffer.from([0xff, 0xfe, 0x00]).toString('base64'), 3),
  ])
  const options = { ...rules, deadLetter, clock, metrics, sleep: async () => {} }
  const responses = [await createHandler({ ...options, store: conflictOnce(store) })(batch)]
  now = Date.parse(`${NEXT_DAY}T00:10:00.000Z`)
  responses.push(await createHandler({ ...options, store })(batch))
  return { responses, conflicts }
}

/** What the scenario sets aside, each once, as `[reason, sequenceNumber]`, in arrival order. */
export const expectedOnce = [
  ['not_utf8', sequenceOf(3)],
  ['too_late', sequenceOf(2)],
]
export const reasonsAndPositions = (entries: readonly DeadLetterEntry[]) =>
  entries.map((entry) => [entry.reason, entry.sequenceNumber])
