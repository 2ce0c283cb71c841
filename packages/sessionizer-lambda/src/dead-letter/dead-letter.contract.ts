import { afterEach, describe, expect, it } from 'vitest'
import {
  type DeadLetter,
  type DeadLetterEntry,
  type DeadLetterReason,
  deadLetterId,
} from './dead-letter.js'

/** An entry as its storage gives it back: a stream's records also carry their `id`. */
export type StoredDeadLetter = DeadLetterEntry & { id?: string }

export interface DeadLetterUnderTest {
  deadLetter: DeadLetter
  /**
   * Every entry the adapter's storage holds now, in any order. `days` are UTC days of arrival:
   * adapters that list by day read those days only.
   */
  readBack(days: readonly string[]): Promise<StoredDeadLetter[]>
  /** The adapter's own `list(day)`, where it has one (see `lists`). */
  list?(day: string): Promise<DeadLetterEntry[]>
  cleanup?(): Promise<void>
}

/** An adapter that lists by day under test: it reads back by listing each day. */
export function listingUnderTest(
  deadLetter: DeadLetter & { list(day: string): Promise<DeadLetterEntry[]> },
): DeadLetterUnderTest {
  const list = (day: string) => deadLetter.list(day)
  return {
    deadLetter,
    readBack: async (days) => (await Promise.all(days.map(list))).flat(),
    list,
  }
}

export interface DeadLetterContractOptions {
  /** The adapter over fresh, empty storage. */
  create(): Promise<DeadLetterUnderTest>
  /**
   * What putting the same entries again leaves (a handler retried after a timeout does): each
   * entry stored once (`idempotent`), or once per put (`duplicates`), every copy carrying the
   * entry's `id` so that a reader can dedupe.
   */
  retried: 'idempotent' | 'duplicates'
  /** Whether the adapter lists the entries of a day (then `create` gives its `list`). */
  lists: boolean
  /** The same adapter over storage that refuses every write (throttled), where it can fail. */
  refusing?(): Promise<DeadLetter>
}

const REASONS: DeadLetterReason[] = [
  'not_utf8',
  'not_json',
  'unsupported_version',
  'invalid_envelope',
  'too_late',
  'state_too_large',
]
const DAYS = ['2026-03-01', '2026-03-02']

/** A day no entry arrived on: where every entry is set aside (again), after midnight. */
const LATER = '2026-03-09'

/**
 * A varied entry: every reason, events (with `messageId`) and whole records, with and without
 * ARN, an empty partition key, non-ASCII data; set aside (`at`) on another day than it arrived.
 */
export function deadLetterEntry(n: number, dataBytes = 40): DeadLetterEntry {
  const reason = REASONS[n % REASONS.length] as DeadLetterReason
  const event = reason === 'too_late' || reason === 'state_too_large'
  const data = event
    ? JSON.stringify({ messageId: `m-${n}`, event: 'Café ✓ 日本', pad: 'x'.repeat(dataBytes) })
    : Buffer.from(`record ${n} ${'y'.repeat(dataBytes)}`).toString('base64')
  const time = `${String(n % 60).padStart(2, '0')}:00.${String(n % 1000).padStart(3, '0')}Z`
  return {
    reason,
    message: `entry ${n} set aside: ${reason}`,
    ...(n % 2 ? { eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events' } : {}),
    shardId: `shardId-00000000000${n % 3}`,
    sequenceNumber: `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`,
    ...(event ? { messageId: `m-${n}` } : {}),
    partitionKey: n % 5 === 4 ? '' : `anon-${n % 7}`,
    data,
    arrivedAt: `${DAYS[n % 2]}T08:${time}`,
    at: `${DAYS[n % 2]}T23:${time}`,
  }
}

const withoutId = ({ id: _id, ...entry }: StoredDeadLetter): DeadLetterEntry => entry
const byContent = (entries: readonly StoredDeadLetter[]) =>
  entries
    .map(withoutId)
    .map((e) => JSON.stringify(e, Object.keys(e).sort()))
    .sort()
const daysOf = (entries: readonly DeadLetterEntry[]) => [
  ...new Set(entries.map((e) => e.arrivedAt.slice(0, 10))),
]

/** The behaviour every `DeadLetter` adapter must have. Each adapter's test calls this. */
export function testDeadLetter(name: string, adapter: DeadLetterContractOptions): void {
  describe(`DeadLetter contract: ${name}`, () => {
    let current: DeadLetterUnderTest | undefined
    const open = async () => {
      current = await adapter.create()
      return current
    }
    afterEach(async () => {
      await current?.cleanup?.()
      current = undefined
    })

    it('gives back every entry put, complete and unchanged, even if the caller changes its copy', async () => {
      const { deadLetter, readBack } = await open()
      const entries = Array.from({ length: 12 }, (_, n) => deadLetterEntry(n))
      const expected = structuredClone(entries)
      await deadLetter.put(entries)
      for (const entry of entries) entry.message = 'changed after put'
      const stored = await readBack(DAYS)
      expect(byContent(stored)).toEqual(byContent(expected))
    })

    it('keeps apart the events of one record and the record itself, put separately', async () => {
      const { deadLetter, readBack } = await open()
      const { messageId: _, ...record } = deadLetterEntry(4)
      const events = ['e1', 'e2', 'e3'].map((id) => ({
        ...record,
        messageId: id,
        data: JSON.stringify({ messageId: id }),
      }))
      await deadLetter.put(events.slice(0, 2))
      await deadLetter.put(events.slice(2))
      await deadLetter.put([{ ...record, reason: 'not_json' }])
      const stored = await readBack(daysOf(events))
      expect(byContent(stored)).toEqual(byContent([...events, { ...record, reason: 'not_json' }]))
    })

    it('takes many entries in one put (more than one Kinesis request, more than 1 MB a day)', async () => {
      const { deadLetter, readBack } = await open()
      const entries = Array.from({ length: 1_200 }, (_, n) => deadLetterEntry(n, 2_000))
      await deadLetter.put(entries)
      const stored = await readBack(DAYS)
      expect(stored).toHaveLength(entries.length)
      expect(byContent(stored)).toEqual(byContent(entries))
    })

    it('takes an empty put, writing nothing', async () => {
      const { deadLetter, readBack } = await open()
      await deadLetter.put([])
      expect(await readBack(DAYS)).toEqual([])
    })

    it('takes a retried put of the same entries, losing none', async () => {
      const { deadLetter, readBack } = await open()
      const entries = Array.from({ length: 6 }, (_, n) => deadLetterEntry(n))
      await deadLetter.put(entries)
      await deadLetter.put(entries)
      const stored = byContent(await readBack(DAYS))
      const once = byContent(entries)
      expect(stored).toEqual(adapter.retried === 'idempotent' ? once : [...once, ...once].sort())
    })

    it('stores an entry set aside again after midnight once per identity, under its arrival day', async () => {
      const { deadLetter, readBack } = await open()
      const entries = Array.from({ length: 6 }, (_, n) => deadLetterEntry(n))
      const again = entries.map((entry) => ({ ...entry, at: `${LATER}T00:00:01.000Z` }))
      await deadLetter.put(entries)
      await deadLetter.put(again)
      const stored = await readBack([...DAYS, LATER])
      if (adapter.retried === 'idempotent') {
        // One item per identity, with what was put last.
        expect(byContent(stored)).toEqual(byContent(again))
        expect(await readBack([LATER])).toEqual([])
        return
      }
      // Every copy names its entry's identity, so a reader keeping one per id keeps each once.
      expect(stored.map((entry) => entry.id)).toEqual(stored.map((entry) => deadLetterId(entry)))
      const perId = new Map(stored.map((entry) => [entry.id, entry]))
      expect(byContent([...perId.values()])).toEqual(byContent(again))
      expect(stored).toHaveLength(2 * entries.length)
    })

    if (adapter.lists) {
      it('lists the entries whose records arrived on one UTC day, oldest first', async () => {
        const { deadLetter, list } = await open()
        if (!list) throw new Error('`lists` is set, but `create` gave no `list`')
        const [a, b, c] = [deadLetterEntry(2), deadLetterEntry(0), deadLetterEntry(1)]
        await deadLetter.put([a, b, c] as const)
        expect(await list('2026-03-01')).toEqual([b, a])
        expect(await list('2026-03-02')).toEqual([c])
        expect(await list('2026-03-03')).toEqual([])
      })
    }

    it('writes an entry given twice in one put once', async () => {
      const { deadLetter, readBack } = await open()
      const entry = deadLetterEntry(4)
      const later = { ...entry, at: `${LATER}T00:00:01.000Z` }
      await deadLetter.put([entry, later])
      expect(byContent(await readBack(DAYS))).toEqual(byContent([later]))
    })

    if (adapter.refusing) {
      const refusing = adapter.refusing
      it('throws when its storage refuses the write, so the records are retried', async () => {
        const deadLetter = await refusing()
        await expect(deadLetter.put([deadLetterEntry(1), deadLetterEntry(2)])).rejects.toThrow()
      })
    }
  })
}
