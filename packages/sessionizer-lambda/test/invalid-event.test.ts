import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMemoryDeadLetter } from '../src/dead-letter/memory.js'
import { createHandler } from '../src/handler/create-handler.js'
import { createMemorySessionStore } from '../src/session-store/memory.js'
import { kinesisRecord, message, rawRecord, sequenceOf, streamEvent } from './kinesis.js'

/**
 * The record the collector wrote for issue 14's request before its timestamp rule: one event's
 * corrected time was `+012025-…`, which the schema refuses, beside an innocent event of the user.
 */
const skewed = readFileSync(new URL('./fixtures/skewed-envelope.json', import.meta.url), 'utf8')
const base64 = (text: string) => Buffer.from(text).toString('base64')
const NOW = () => Date.parse('2026-02-01T10:05:00.000Z')

function setup() {
  const store = createMemorySessionStore()
  const deadLetter = createMemoryDeadLetter()
  const counts: Record<string, number> = {}
  const metrics = {
    addMetric(name: string, _unit: 'Count', value: number) {
      counts[name] = (counts[name] ?? 0) + value
    },
    publishStoredMetrics() {},
  }
  const handler = createHandler({ store, deadLetter, clock: NOW, metrics })
  return { store, deadLetter, handler, counts }
}

describe('a record with a bad event', () => {
  it('sessionizes the innocent neighbour and sets aside only the bad event (issue 14)', async () => {
    const { store, deadLetter, handler, counts } = setup()
    const response = await handler(streamEvent([rawRecord('u-skew', base64(skewed), 1)]))
    expect(response).toEqual({ batchItemFailures: [] })
    expect(counts).toMatchObject({ EventsInvalid: 1, EventsApplied: 1, Records: 1 })
    expect(counts.RecordsDeadLettered).toBeUndefined()

    const sessions = await store.sessionsOfKey('u-skew')
    expect(sessions).toMatchObject([
      { userId: 'u-skew', eventCount: 1, trackCount: 1, eventCounts: { innocent: 1 } },
    ])
    const bad = (JSON.parse(skewed) as { events: unknown[] }).events[0]
    expect(deadLetter.entries).toEqual([
      {
        reason: 'invalid_event',
        message: expect.stringContaining('timestamp'),
        messageId: 'm-future',
        eventIndex: 0,
        eventSourceARN: expect.any(String),
        shardId: 'shardId-000000000006',
        sequenceNumber: sequenceOf(1),
        partitionKey: 'u-skew',
        data: JSON.stringify(bad),
        arrivedAt: expect.any(String),
        at: new Date(NOW()).toISOString(),
      },
    ])
  })

  it('gives one dead letter per bad event, each with its position and its messageId when it has one', async () => {
    const { store, deadLetter, handler } = setup()
    const good = message({ id: 'good', at: 0, key: 'k' })
    const record = JSON.stringify({
      v: 1,
      key: 'k',
      sourceId: 'src',
      receivedAt: good.receivedAt,
      events: [
        { ...good, messageId: 'no-time', timestamp: 'yesterday' },
        good,
        42,
        { ...good, messageId: 12 },
      ],
    })
    await handler(
      streamEvent([
        rawRecord('k', base64(record), 3),
        kinesisRecord('k2', [message({ id: 'other', at: 1, key: 'k2' })], 4),
      ]),
    )

    expect((await store.sessionsOfKey('k')).map((s) => s.eventCount)).toEqual([1])
    expect((await store.sessionsOfKey('k2')).map((s) => s.eventCount)).toEqual([1])
    // Two of them have no usable messageId: their positions keep them apart (one identity each).
    expect(
      deadLetter.entries.map((e) => [e.reason, e.eventIndex, e.messageId, e.data.slice(0, 30)]),
    ).toEqual([
      [
        'invalid_event',
        0,
        'no-time',
        JSON.stringify({ ...good, messageId: 'no-time', timestamp: 'yesterday' }).slice(0, 30),
      ],
      ['invalid_event', 2, undefined, '42'],
      ['invalid_event', 3, undefined, JSON.stringify({ ...good, messageId: 12 }).slice(0, 30)],
    ])
  })

  it('still sets a whole record aside when its head is bad: no key to sessionize it under', async () => {
    const { store, deadLetter, handler } = setup()
    const record = JSON.stringify({
      v: 1,
      sourceId: 'src',
      receivedAt: 'x',
      events: [message({ id: 'a', at: 0 })],
    })
    await handler(streamEvent([rawRecord('anon-1', base64(record), 5)]))
    expect(deadLetter.entries.map((e) => [e.reason, e.data])).toEqual([
      ['invalid_envelope', base64(record)],
    ])
    expect(await store.sessionsOfKey('anon-1')).toEqual([])
  })
})

describe('events with bad user agents and IPs', () => {
  it('are sessionized like any other, with an enrichment of unknowns, and set nothing aside', async () => {
    const { store, deadLetter, handler } = setup()
    const bad = [
      { userAgent: null, ip: null },
      { userAgent: '' },
      { userAgent: `Mozilla/5.0 ${'x'.repeat(10_240)}` },
      { userAgent: '\u0000\uFFFD\uD800\u0007\u001b[31m', ip: '\u0000' },
      { ip: '999.1.1.1' },
      { ip: '::ffff:zz' },
      { ip: '10.0.0.1' },
      { userAgentData: { brands: [null, 7, { brand: {} }], mobile: 'yes' } },
    ]
    const records = bad.map((spec, i) =>
      kinesisRecord(`k-${i}`, [message({ id: `m-${i}`, at: 0, key: `k-${i}`, ...spec })], i + 1),
    )
    expect(await handler(streamEvent(records))).toEqual({ batchItemFailures: [] })
    expect(deadLetter.entries).toEqual([])
    for (const [i] of bad.entries()) {
      expect(await store.sessionsOfKey(`k-${i}`)).toMatchObject([
        {
          eventCount: 1,
          deviceType: expect.any(String),
          bot: expect.any(Boolean),
          channel: expect.any(String),
        },
      ])
    }
  })
})
