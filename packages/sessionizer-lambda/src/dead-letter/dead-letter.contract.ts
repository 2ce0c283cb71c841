import { afterEach, describe, expect, it } from 'vitest'
import type { DeadLetter, DeadLetterEntry, DeadLetterReason } from './dead-letter.js'

export interface DeadLetterUnderTest {
  deadLetter: DeadLetter
  /** Every entry the adapter's storage holds now, in any order; `days` are the UTC days written. */
  readBack(days: readonly string[]): Promise<DeadLetterEntry[]>
  cleanup?(): Promise<void>
}

export interface DeadLetterContractOptions {
  /** The adapter over fresh, empty storage. */
  create(): Promise<DeadLetterUnderTest>
  /**
   * What putting the same entries again leaves (a handler retried after a timeout does): each
   * entry stored once (`idempotent`) or once per put (`duplicates`).
   */
  retried: 'idempotent' | 'duplicates'
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

/** A varied entry: every reason, with and without ARN, an empty partition key, non-ASCII data. */
export function deadLetterEntry(n: number, dataBytes = 40): DeadLetterEntry {
  const reason = REASONS[n % REASONS.length] as DeadLetterReason
  const data =
    reason === 'too_late' || reason === 'state_too_large'
      ? JSON.stringify({ messageId: `m-${n}`, event: 'Café ✓ 日本', pad: 'x'.repeat(dataBytes) })
      : Buffer.from(`record ${n} ${'y'.repeat(dataBytes)}`).toString('base64')
  return {
    reason,
    message: `entry ${n} set aside: ${reason}`,
    ...(n % 2 ? { eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events' } : {}),
    shardId: `shardId-00000000000${n % 3}`,
    sequenceNumber: `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`,
    partitionKey: n % 5 === 4 ? '' : `anon-${n % 7}`,
    data,
    at: `${DAYS[n % 2]}T08:${String(n % 60).padStart(2, '0')}:00.${String(n % 1000).padStart(3, '0')}Z`,
  }
}

const byContent = (entries: readonly DeadLetterEntry[]) =>
  entries.map((e) => JSON.stringify(e, Object.keys(e).sort())).sort()
const daysOf = (entries: readonly DeadLetterEntry[]) => [
  ...new Set(entries.map((e) => e.at.slice(0, 10))),
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

    it('keeps apart entries of one record position put separately (several events of a record)', async () => {
      const { deadLetter, readBack } = await open()
      const base = deadLetterEntry(4)
      const events = ['e1', 'e2', 'e3'].map((id) => ({
        ...base,
        data: JSON.stringify({ messageId: id }),
      }))
      await deadLetter.put(events.slice(0, 2))
      await deadLetter.put(events.slice(2))
      await deadLetter.put([{ ...base, reason: 'state_too_large', data: events[0]?.data ?? '' }])
      const stored = await readBack(daysOf(events))
      expect(stored).toHaveLength(4)
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

    if (adapter.refusing) {
      const refusing = adapter.refusing
      it('throws when its storage refuses the write, so the records are retried', async () => {
        const deadLetter = await refusing()
        await expect(deadLetter.put([deadLetterEntry(1), deadLetterEntry(2)])).rejects.toThrow()
      })
    }
  })
}
