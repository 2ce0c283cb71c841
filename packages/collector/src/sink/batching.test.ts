import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createFakeStream,
  FakeCallError,
  type FakeStream,
  isFakeRetryable,
} from '../../test/fake-stream.js'
import { type BatchingOptions, createBatchingSink } from './batching.js'
import { testSink } from './sink.contract.js'
import type { SinkRecord } from './sink.js'

const rec = (key: string, body = key, size = 0): SinkRecord => ({
  partitionKey: key,
  data: size > 0 ? new Uint8Array(size) : new TextEncoder().encode(body),
})

const make = (stream: FakeStream, options: Partial<BatchingOptions> = {}) =>
  createBatchingSink({
    send: stream.send,
    isRetryableError: isFakeRetryable,
    ready: async () => true,
    random: () => 0.5,
    ...options,
  })

testSink('batching (fake stream)', async () => {
  const stream = createFakeStream()
  return { sink: make(stream), read: async () => stream.written }
})

describe('batching sink', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('coalesces the records of concurrent puts into one call after the linger', async () => {
    const stream = createFakeStream()
    const sink = make(stream, { lingerMs: 5 })
    const puts = [sink.put([rec('a'), rec('b')]), sink.put([rec('c')]), sink.put([rec('d')])]
    expect(stream.calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(5)
    expect(await Promise.all(puts)).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(stream.calls.map((c) => c.length)).toEqual([4])
    expect(sink.stats()).toMatchObject({ written: 4, calls: 1, retried: 0 })
  })

  it('sends at once when a call is full: ≤ 500 records, ≤ 5 MiB', async () => {
    const stream = createFakeStream()
    const sink = make(stream, { lingerMs: 1000 })
    const many = sink.put(Array.from({ length: 1200 }, (_, i) => rec(`k${i}`)))
    expect(stream.calls.map((c) => c.length)).toEqual([500, 500])
    await vi.advanceTimersByTimeAsync(1000)
    expect(await many).toEqual({ ok: true })
    expect(stream.calls.map((c) => c.length)).toEqual([500, 500, 200])

    const big = sink.put(Array.from({ length: 12 }, (_, i) => rec(`b${i}`, '', 1024 * 1024 - 8)))
    await vi.advanceTimersByTimeAsync(1000)
    expect(await big).toEqual({ ok: true })
    const sizes = stream.calls.slice(3).map((c) => c.reduce((n, r) => n + r.data.byteLength + 3, 0))
    expect(sizes.every((s) => s <= 5 * 1024 * 1024)).toBe(true)
    expect(sizes).toHaveLength(3)
  })

  it('retries only the records that were throttled and resolves after they are written', async () => {
    const stream = createFakeStream()
    stream.failRecord = (r, call) =>
      call === 0 && r.partitionKey === 'b' ? 'ProvisionedThroughputExceededException' : undefined
    const sink = make(stream, { lingerMs: 0 })
    let settled = false
    const put = sink.put([rec('a'), rec('b'), rec('c')]).finally(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(stream.calls).toHaveLength(1)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(await put).toEqual({ ok: true })
    expect(stream.calls[1]?.map((r) => r.partitionKey)).toEqual(['b'])
    expect(stream.written.map((r) => r.partitionKey).sort()).toEqual(['a', 'b', 'c'])
    expect(sink.stats()).toMatchObject({ retried: 1, written: 3, failed: 0 })
  })

  it('retries a whole failed call with growing backoff', async () => {
    const stream = createFakeStream()
    const times: number[] = []
    stream.failCall = (call) => {
      times.push(Date.now())
      if (call < 3) throw new FakeCallError('InternalFailure', true)
    }
    const sink = make(stream, { lingerMs: 0, backoff: { baseMs: 100, maxMs: 10_000 } })
    const put = sink.put([rec('a')])
    await vi.advanceTimersByTimeAsync(1000)
    expect(await put).toEqual({ ok: true })
    // random 0.5 → waits of 50, 100, 200 ms (+1 ms: a zero linger is one timer tick).
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([51, 101, 201])
    expect(sink.stats()).toMatchObject({ calls: 4, retried: 3, written: 1 })
  })

  it('fails a put at once on an error retrying cannot fix', async () => {
    const stream = createFakeStream()
    stream.failCall = () => {
      throw new FakeCallError('ResourceNotFoundException', false)
    }
    const sink = make(stream, { lingerMs: 0 })
    const put = sink.put([rec('a'), rec('b')])
    await vi.advanceTimersByTimeAsync(0)
    expect(await put).toMatchObject({ ok: false, reason: 'unavailable', failed: 2 })
    expect(stream.calls).toHaveLength(1)
  })

  it('fails a put at its deadline during an outage, and later puts succeed once it ends', async () => {
    const stream = createFakeStream()
    let outage = true
    stream.failCall = () => {
      if (outage) throw new FakeCallError('ServiceUnavailable', true)
    }
    const sink = make(stream, { lingerMs: 0, deadlineMs: 10_000 })
    const results: Promise<unknown>[] = []
    for (let s = 0; s < 30; s++) {
      results.push(sink.put([rec(`k${s}`)]))
      await vi.advanceTimersByTimeAsync(1000)
    }
    outage = false
    const after = sink.put([rec('after')])
    await vi.advanceTimersByTimeAsync(10_000)
    const settled = await Promise.all(results)
    expect(settled.slice(0, 20).every((r) => (r as { ok: boolean }).ok === false)).toBe(true)
    expect(settled[0]).toMatchObject({ reason: 'unavailable', retryAfterSeconds: 2 })
    expect(await after).toEqual({ ok: true })
    // No put answered ok without its record in the stream.
    const written = new Set(stream.written.map((r) => r.partitionKey))
    settled.forEach((r, i) => {
      if ((r as { ok: boolean }).ok) expect(written.has(`k${i}`)).toBe(true)
    })
  })

  it('answers a slow stream by the deadline and frees the bytes when the answer comes', async () => {
    const stream = createFakeStream()
    stream.delayMs = (call) => (call === 0 ? 30_000 : 0)
    const sink = make(stream, { lingerMs: 0, deadlineMs: 5000, maxInFlightBytes: 100 })
    const slow = sink.put([rec('a', '', 60)])
    await vi.advanceTimersByTimeAsync(5000)
    expect(await slow).toMatchObject({ ok: false, reason: 'unavailable' })
    expect(await sink.put([rec('b', '', 60)])).toMatchObject({ ok: false, reason: 'overloaded' })
    await vi.advanceTimersByTimeAsync(25_000)
    const next = sink.put([rec('c', '', 60)])
    await vi.advanceTimersByTimeAsync(0)
    expect(await next).toEqual({ ok: true })
  })

  it('refuses at once when too many bytes are in flight', async () => {
    const stream = createFakeStream()
    const sink = make(stream, { lingerMs: 10, maxInFlightBytes: 1000 })
    const first = sink.put([rec('a', '', 600)])
    expect(await sink.put([rec('b', '', 600)])).toMatchObject({
      ok: false,
      reason: 'overloaded',
      failed: 1,
    })
    await vi.advanceTimersByTimeAsync(10)
    expect(await first).toEqual({ ok: true })
    expect(stream.written.map((r) => r.partitionKey)).toEqual(['a'])
  })

  it('close flushes at once and waits for retries to finish', async () => {
    const stream = createFakeStream()
    stream.failRecord = (_, call) => (call === 0 ? 'InternalFailure' : undefined)
    const sink = make(stream, { lingerMs: 60_000 })
    const put = sink.put([rec('a')])
    const closed = sink.close()
    await vi.advanceTimersByTimeAsync(100)
    await closed
    expect(await put).toEqual({ ok: true })
    expect(stream.written).toHaveLength(1)
  })
})
