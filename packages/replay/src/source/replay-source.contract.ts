import type { EnrichedMessage } from '@clickstream/schema'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReplayRange } from '../range.js'
import type { ArrivedEnvelope } from './memory.js'
import type { ReplayRecord, ReplaySource } from './replay-source.js'

const HOUR = 3_600_000
const T0 = Date.parse('2026-03-01T22:00:00.000Z')

/** Makes the adapter under test hold these envelopes (files written, objects uploaded). */
export type MakeSource = (envelopes: readonly ArrivedEnvelope[]) => Promise<ReplaySource>

const event = (
  id: string,
  type: 'page' | 'track',
  at: number,
  receivedAt: number,
  key: string,
): EnrichedMessage =>
  ({
    type,
    messageId: id,
    anonymousId: key,
    ...(id.endsWith('u') ? { userId: 'user-9' } : {}),
    ...(type === 'track'
      ? { event: 'Product Viewed', properties: { sku: id, price: 9.5 } }
      : { name: 'Home', properties: { path: '/p' } }),
    timestamp: new Date(at).toISOString(),
    receivedAt: new Date(receivedAt).toISOString(),
    context: {
      page: {
        url: `https://shop.example/${id}`,
        path: `/${id}`,
        title: 'Shop',
        referrer: 'https://search.example/',
      },
      campaign: { source: 'newsletter', medium: 'email', name: 'spring' },
      userAgent: 'Mozilla/5.0',
      ip: '198.51.100.7',
      library: { name: 'sdk', version: '1' },
    },
  }) as EnrichedMessage

const envelope = (
  key: string,
  receivedAt: number,
  events: EnrichedMessage[],
  arrivedAt = receivedAt + 50,
): ArrivedEnvelope => ({
  arrivedAt,
  envelope: { v: 1, key, sourceId: 'web', receivedAt: new Date(receivedAt).toISOString(), events },
})

/**
 * Three keys over two UTC days and four arrival hours: an offline queue flushed hours later, a
 * redelivered record (the same envelope twice), a client re-send (same messageId, later receipt),
 * events of one envelope at different times.
 */
export const contractEnvelopes: ArrivedEnvelope[] = [
  envelope('a', T0 + 60_000, [
    event('a1', 'page', T0, T0 + 60_000, 'a'),
    event('a2', 'track', T0 + 30_000, T0 + 60_000, 'a'),
  ]),
  envelope('b', T0 + 90_000, [event('b1u', 'page', T0 + 80_000, T0 + 90_000, 'b')]),
  envelope('b', T0 + 90_000, [event('b1u', 'page', T0 + 80_000, T0 + 90_000, 'b')], T0 + 95_000),
  envelope('a', T0 + HOUR + 5_000, [event('a3', 'track', T0 + HOUR, T0 + HOUR + 5_000, 'a')]),
  envelope('c', T0 + 2 * HOUR + 10, [
    event('c1', 'track', T0 - 20 * HOUR, T0 + 2 * HOUR + 10, 'c'),
  ]),
  envelope('a', T0 + 3 * HOUR, [event('a3', 'track', T0 + HOUR, T0 + 3 * HOUR, 'a')]),
]

const all: ReplayRange = { fromMs: T0 - 24 * HOUR, toMs: T0 + 24 * HOUR }

async function readAll(source: ReplaySource, range: ReplayRange): Promise<ReplayRecord[]> {
  const records: ReplayRecord[] = []
  for await (const record of source.read(range)) records.push(record)
  return records
}

const copies = (records: readonly ReplayRecord[]) =>
  records.flatMap((r) => r.events.map((e) => `${e.messageId}@${e.receivedAt}`)).sort()

const expectedCopies = (range: ReplayRange) =>
  contractEnvelopes
    .flatMap((a) => a.envelope.events)
    .filter(
      (e) => Date.parse(e.receivedAt) >= range.fromMs && Date.parse(e.receivedAt) < range.toMs,
    )
    .map((e) => `${e.messageId}@${e.receivedAt}`)
    .sort()

/** What the sessionizer reads of an event (its `toFact`), and what a replay must carry over. */
const sessionFields = (e: EnrichedMessage) => {
  const c = e.context as Record<string, Record<string, unknown> | string>
  return {
    messageId: e.messageId,
    type: e.type,
    at: Date.parse(e.timestamp),
    receivedAt: Date.parse(e.receivedAt),
    event: (e as { event?: string }).event,
    name: (e as { name?: string }).name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    properties: (e as { properties?: unknown }).properties,
    page: c.page,
    campaign: c.campaign,
    userAgent: c.userAgent,
    ip: c.ip,
  }
}

/** What every `ReplaySource` adapter must do; each adapter's test runs it. */
export function replaySourceContract(name: string, make: MakeSource) {
  describe(`ReplaySource contract: ${name}`, () => {
    let source: ReplaySource | undefined
    const open = async () => {
      source = await make(contractEnvelopes)
      return source
    }
    afterEach(async () => {
      await source?.close()
      source = undefined
    })

    it('reads every copy of every event received in the range, once, and nothing else', async () => {
      const s = await open()
      expect(copies(await readAll(s, all))).toEqual(expectedCopies(all))
      const part = { fromMs: T0 + 85_000, toMs: T0 + 2 * HOUR + 10 }
      expect(copies(await readAll(s, part))).toEqual(expectedCopies(part))
    })

    it('yields records of one key, in ascending positions of one width', async () => {
      const records = await readAll(await open(), all)
      const positions = records.map((r) => r.position)
      expect(new Set(positions.map((p) => p.length)).size).toBe(1)
      expect(positions.every((p) => /^\d+$/.test(p))).toBe(true)
      expect(positions).toEqual([...positions].sort())
      for (const r of records) expect(r.events.every((e) => e.anonymousId === r.key)).toBe(true)
      expect(records.every((r) => r.sourceId === 'web')).toBe(true)
    })

    it('gives each record the same position on every read and in any range holding it', async () => {
      const s = await open()
      const whole = await readAll(s, all)
      expect((await readAll(s, all)).map((r) => r.position)).toEqual(whole.map((r) => r.position))
      const later = await readAll(s, { fromMs: T0 + HOUR, toMs: all.toMs })
      const at = new Map(
        whole.map((r) => [`${r.events[0]?.messageId}@${r.receivedAt}`, r.position]),
      )
      for (const r of later)
        expect(r.position).toBe(at.get(`${r.events[0]?.messageId}@${r.receivedAt}`))
    })

    it('carries what the sessionizer reads of each event', async () => {
      const records = await readAll(await open(), all)
      const copy = (e: EnrichedMessage) => `${e.messageId}@${Date.parse(e.receivedAt)}`
      const original = new Map(
        contractEnvelopes.flatMap((a) => a.envelope.events).map((e) => [copy(e), sessionFields(e)]),
      )
      for (const e of records.flatMap((r) => r.events)) {
        const fields = sessionFields(e)
        const page = fields.page as Record<string, unknown>
        expect({ ...fields, page: { ...page } }).toEqual(original.get(copy(e)))
      }
    })

    it('reads nothing from a range without events', async () => {
      const s = await open()
      expect(await readAll(s, { fromMs: T0 + 10 * HOUR, toMs: T0 + 11 * HOUR })).toEqual([])
      expect(await readAll(s, { fromMs: T0 - 48 * HOUR, toMs: T0 - 30 * HOUR })).toEqual([])
    })
  })
}
