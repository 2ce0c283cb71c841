import { describe, expect, it } from 'vitest'
import {
  conflictAndRedelivery,
  expectedOnce,
  reasonsAndPositions,
} from '../../test/dead-letters-once.js'
import { kinesisRecord, message, rawRecord, sequenceOf, streamEvent } from '../../test/kinesis.js'
import type { DeadLetter } from '../dead-letter/dead-letter.js'
import { createMemoryDeadLetter } from '../dead-letter/memory.js'
import { StateTooLargeError } from '../errors.js'
import { createMemorySessionStore } from '../session-store/memory.js'
import type { SessionStore } from '../session-store/session-store.js'
import { createHandler, firstPerShard } from './create-handler.js'
import type { MetricsLike } from './ports.js'

function recordingMetrics() {
  const counts: Record<string, number> = {}
  const metrics: MetricsLike = {
    addMetric(name, _unit, value) {
      counts[name] = (counts[name] ?? 0) + value
    },
    publishStoredMetrics() {},
  }
  return { counts, metrics }
}

const garbage = Buffer.from([0xff, 0xfe, 0x00]).toString('base64')

describe('createHandler', () => {
  it('sets undecodable records aside with their reason and counts them as processed', async () => {
    const deadLetter = createMemoryDeadLetter()
    const { counts, metrics } = recordingMetrics()
    const handler = createHandler({ store: createMemorySessionStore(), deadLetter, metrics })
    const response = await handler(
      streamEvent([
        rawRecord('k', garbage, 1),
        kinesisRecord('anon-1', [message({ id: 'a', at: 0 })], 2),
      ]),
    )
    expect(response).toEqual({ batchItemFailures: [] })
    expect(deadLetter.entries.map((e) => [e.reason, e.sequenceNumber, e.data])).toEqual([
      ['not_utf8', sequenceOf(1), garbage],
    ])
    expect(counts).toMatchObject({
      RecordsDeadLettered: 1,
      EventsApplied: 1,
      SessionsWritten: 1,
      Records: 2,
    })
  })

  it('reports undecodable records as failures when the dead letter is down', async () => {
    const deadLetter: DeadLetter = {
      async put() {
        throw new Error('queue unavailable')
      },
    }
    const handler = createHandler({ store: createMemorySessionStore(), deadLetter })
    const response = await handler(
      streamEvent([
        kinesisRecord('anon-1', [message({ id: 'a', at: 0 })], 1),
        rawRecord('k', garbage, 2),
      ]),
    )
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(2) }] })
  })

  it('hands a key back from its first record when its commits keep conflicting', async () => {
    const memory = createMemorySessionStore()
    const store: SessionStore = {
      ...memory,
      commit: async () => ({ ok: false, reason: 'conflict' }),
    }
    const { counts, metrics } = recordingMetrics()
    const waits: number[] = []
    const handler = createHandler({
      store,
      deadLetter: createMemoryDeadLetter(),
      metrics,
      maxAttempts: 7,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const response = await handler(
      streamEvent([
        kinesisRecord('anon-1', [message({ id: 'a', at: 0 })], 7),
        kinesisRecord('anon-1', [message({ id: 'b', at: 1 })], 9),
      ]),
    )
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(7) }] })
    // Full jitter between the 7 attempts, under a ceiling of 10 ms doubling up to 200 ms.
    expect(waits).toHaveLength(6)
    waits.forEach((ms, i) => {
      expect(Number.isInteger(ms) && ms >= 0).toBe(true)
      expect(ms).toBeLessThan(Math.min(200, 10 * 2 ** i))
    })
    expect(counts.KeysFailed).toBe(1)
  })

  it("sets a key's events aside when its state would not fit the store, without blocking", async () => {
    const memory = createMemorySessionStore()
    const store: SessionStore = {
      ...memory,
      async commit({ key }) {
        throw new StateTooLargeError(key, 500_000, 380_000)
      },
    }
    const deadLetter = createMemoryDeadLetter()
    const { counts, metrics } = recordingMetrics()
    const handler = createHandler({ store, deadLetter, metrics })
    const response = await handler(
      streamEvent([
        kinesisRecord('anon-1', [message({ id: 'a', at: 0 }), message({ id: 'b', at: 1 })], 3),
      ]),
    )
    expect(response).toEqual({ batchItemFailures: [] })
    expect(deadLetter.entries.map((e) => [e.reason, JSON.parse(e.data).messageId])).toEqual([
      ['state_too_large', 'a'],
      ['state_too_large', 'b'],
    ])
    expect(counts.EventsStateTooLarge).toBe(2)
    expect(counts.EventsApplied).toBeUndefined()
  })

  it('sets each dead letter aside once through a commit conflict and a redelivery', async () => {
    const deadLetter = createMemoryDeadLetter()
    const store = createMemorySessionStore()
    const { responses, conflicts } = await conflictAndRedelivery(store, deadLetter)
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }])
    expect(conflicts).toBe(1)
    expect(reasonsAndPositions(deadLetter.entries)).toEqual(expectedOnce)
    expect(deadLetter.entries.map((entry) => entry.messageId)).toEqual([undefined, 'x'])
  })

  it('names the earliest failed record of each shard, comparing sequence numbers as numbers', () => {
    expect(
      firstPerShard([
        { shardId: 'a', sequenceNumber: '100' },
        { shardId: 'a', sequenceNumber: '99' },
        { shardId: 'b', sequenceNumber: '5' },
      ]),
    ).toEqual([{ itemIdentifier: '99' }, { itemIdentifier: '5' }])
  })
})
