import { describe, expect, it } from 'vitest'
import { testEvent } from '../event-store/event-store.contract.js'
import { encodeBatch } from './encode-batch.js'
import { BATCH_OVERHEAD_BYTES, splitBatches, takeBatch } from './take-batch.js'

describe('takeBatch', () => {
  it('takes at most maxEvents', () => {
    const events = Array.from({ length: 5 }, () => testEvent())
    expect(takeBatch(events, 3, 500_000)).toEqual(events.slice(0, 3))
    expect(takeBatch(events, 10, 500_000)).toEqual(events)
    expect(takeBatch([], 10, 500_000)).toEqual([])
  })

  it('keeps the body within maxBytes, counting commas and the envelope', () => {
    const events = Array.from({ length: 10 }, () => testEvent(1000))
    const max = BATCH_OVERHEAD_BYTES + 3 * 1001
    expect(takeBatch(events, 100, max)).toHaveLength(3)
    expect(takeBatch(events, 100, max - 1)).toHaveLength(2)
  })

  it('always takes the first event so a queue never stalls', () => {
    expect(takeBatch([testEvent(5000)], 10, 100)).toHaveLength(1)
  })

  it('splits a queue into 500 KB requests of 32 KB events without losing or reordering any', () => {
    const events = Array.from({ length: 40 }, () => testEvent(32 * 1024))
    const batches = splitBatches(events, 2500, 500 * 1024)
    expect(batches.flat()).toEqual(events)
    for (const b of batches) {
      expect(encodeBatch(b, 'k', '2026-11-22T06:00:00.000Z').length).toBeLessThanOrEqual(500 * 1024)
    }
    expect(batches.map((b) => b.length)).toEqual([15, 15, 10])
  })
})

describe('encodeBatch', () => {
  it('joins stored JSON into a batch body with sentAt and writeKey', () => {
    const a = testEvent()
    const b = testEvent()
    const body = encodeBatch([a, b], 'wk"1', '2026-11-22T06:00:00.000Z')
    expect(JSON.parse(body)).toEqual({
      batch: [JSON.parse(a.json), JSON.parse(b.json)],
      sentAt: '2026-11-22T06:00:00.000Z',
      writeKey: 'wk"1',
    })
  })

  it('sets sentAt to the send time and omits an absent writeKey', () => {
    const body = JSON.parse(encodeBatch([]))
    expect(Object.keys(body)).toEqual(['batch', 'sentAt'])
    expect(Math.abs(Date.parse(body.sentAt) - Date.now())).toBeLessThan(60_000)
  })
})
