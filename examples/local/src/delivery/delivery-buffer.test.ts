import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDeliveryBuffer } from './delivery-buffer.js'
import type { DeliveryRecord } from './destination.js'

const record = (n: number, bytes = 100): DeliveryRecord => ({
  shardId: 'shardId-000000000000',
  sequenceNumber: String(n),
  partitionKey: 'k',
  data: Buffer.alloc(bytes, 'x').toString('base64'),
  arrivedAt: 0,
})
const sequences = (flushes: DeliveryRecord[][]) =>
  flushes.map((f) => f.map((r) => r.sequenceNumber))

describe('createDeliveryBuffer', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('flushes when the buffered data reach maxBytes, whatever the age', async () => {
    const flushes: DeliveryRecord[][] = []
    const buffer = createDeliveryBuffer({
      maxBytes: 250,
      maxAgeMs: 60_000,
      flush: async (records) => void flushes.push(records),
    })
    const first = buffer.add([record(1), record(2)])
    expect(buffer.stats()).toMatchObject({ bufferedRecords: 2, bufferedBytes: 200 })
    await Promise.resolve()
    expect(flushes).toEqual([])
    const second = buffer.add([record(3)])
    await Promise.all([first, second])
    expect(sequences(flushes)).toEqual([['1', '2', '3']])
    expect(buffer.stats()).toMatchObject({ bufferedRecords: 0, flushes: 1 })
  })

  it('flushes when the oldest record reaches maxAgeMs, counted from the first record in', async () => {
    const flushes: DeliveryRecord[][] = []
    const buffer = createDeliveryBuffer({
      maxBytes: 1_000_000,
      maxAgeMs: 10_000,
      flush: async (records) => void flushes.push(records),
    })
    const first = buffer.add([record(1)])
    await vi.advanceTimersByTimeAsync(6000)
    const second = buffer.add([record(2)])
    await vi.advanceTimersByTimeAsync(3999)
    expect(flushes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await Promise.all([first, second])
    expect(sequences(flushes)).toEqual([['1', '2']])
  })

  it('with maxAgeMs 0 flushes every add at once (Firehose: zero buffering)', async () => {
    const flushes: DeliveryRecord[][] = []
    const buffer = createDeliveryBuffer({ maxAgeMs: 0, flush: async (r) => void flushes.push(r) })
    await buffer.add([record(1)])
    await buffer.add([record(2)])
    expect(sequences(flushes)).toEqual([['1'], ['2']])
  })

  it('runs one flush at a time, in order; records added meanwhile gather for the next', async () => {
    const order: string[] = []
    let release: () => void = () => {}
    const buffer = createDeliveryBuffer({
      maxBytes: 100,
      flush: async (records) => {
        order.push(`start ${records.map((r) => r.sequenceNumber).join(',')}`)
        if (records[0]?.sequenceNumber === '1') await new Promise<void>((r) => (release = r))
        order.push(`end ${records[0]?.sequenceNumber}`)
      },
    })
    const first = buffer.add([record(1)])
    await Promise.resolve()
    const second = buffer.add([record(2, 50)])
    const third = buffer.add([record(3, 50)])
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual(['start 1'])
    release()
    await Promise.all([first, second, third])
    expect(order).toEqual(['start 1', 'end 1', 'start 2,3', 'end 2'])
  })

  it('rejects the waiters of a failed flush, and goes on with the next', async () => {
    let fail = true
    const buffer = createDeliveryBuffer({
      maxAgeMs: 0,
      flush: async () => {
        if (fail) throw new Error('disk full')
      },
    })
    await expect(buffer.add([record(1)])).rejects.toThrow('disk full')
    fail = false
    await expect(buffer.add([record(2)])).resolves.toBeUndefined()
    expect(buffer.stats()).toMatchObject({ flushes: 1, failedFlushes: 1 })
  })

  it('close() flushes what is buffered, and every later add at once', async () => {
    const flushes: DeliveryRecord[][] = []
    const buffer = createDeliveryBuffer({
      maxBytes: 1_000_000,
      maxAgeMs: 60_000,
      flush: async (records) => void flushes.push(records),
    })
    const pending = buffer.add([record(1)])
    await buffer.close()
    await pending
    expect(sequences(flushes)).toEqual([['1']])
    await buffer.add([record(2)])
    expect(sequences(flushes)).toEqual([['1'], ['2']])
    expect(vi.getTimerCount()).toBe(0)
  })
})
