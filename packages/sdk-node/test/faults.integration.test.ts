import { setImmediate as tick } from 'node:timers/promises'
import { waitFor } from '@clickstream/test-support'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type AnalyticsOptions,
  createAnalytics,
  type DeliveryError,
  type DropEvent,
  RequestAbortedError,
} from '../src/entrypoints/node.js'
import { type LoopbackCollector, startCollector, WRITE_KEY } from './collector.js'
import { type Fault, type FlakyProxy, startFlakyProxy } from './flaky-proxy.js'

let collector: LoopbackCollector
let proxy: FlakyProxy | undefined
beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector.close())
afterEach(async () => {
  vi.useRealTimers()
  await proxy?.close()
  proxy = undefined
})

const withProxy = async (plan: (n: number) => Fault, options: Partial<AnalyticsOptions> = {}) => {
  proxy = await startFlakyProxy(collector.url, plan)
  const analytics = createAnalytics({ writeKey: WRITE_KEY, host: proxy.url, ...options })
  const errors: DeliveryError[] = []
  const drops: DropEvent[] = []
  analytics.on('error', (e) => errors.push(e))
  analytics.on('drop', (e) => drops.push(e))
  return { analytics, errors, drops, proxy }
}

const delivered = (prefix: string) =>
  collector.messages().filter((m) => String(m.userId).startsWith(prefix))

describe('fault injection through a flaky proxy in front of the real collector', () => {
  it('500s, 429s, resets and lost answers: nothing lost, duplicates only by messageId', async () => {
    const cycle: Fault[] = [
      { status: 500 },
      'reset',
      'pass',
      'pass-then-reset',
      { status: 429, retryAfter: '0' },
      { status: 503 },
      'pass',
    ]
    const { analytics, proxy } = await withProxy((n) => cycle[n % cycle.length] as Fault, {
      maxEventsInBatch: 10,
      retryBaseDelay: 5,
      retryMaxDelay: 20,
      flushInterval: 50,
    })
    const ids = new Set<string>()
    for (let i = 0; i < 300; i++) ids.add(analytics.track({ userId: 'mixed', event: `e${i}` }))
    await analytics.flush()
    expect(await analytics.closeAndFlush()).toEqual({ flushed: true, pending: 0 })

    const got = delivered('mixed').map((m) => m.messageId as string)
    expect(new Set(got)).toEqual(ids) // nothing lost, nothing foreign
    const resent = proxy.requests
      .filter((r) => r.fault === 'pass-then-reset')
      .reduce((n, r) => n + r.messageIds.length, 0)
    expect(resent).toBeGreaterThan(0)
    expect(got.length - ids.size).toBeLessThanOrEqual(resent) // at-least-once, dedupe by messageId
    // A retried batch carries the same messageIds as the failed one.
    const failed = proxy.requests.find((r) => r.fault === 'reset')
    expect(
      proxy.requests.filter((r) => r.messageIds[0] === failed?.messageIds[0]).length,
    ).toBeGreaterThan(1)
    expect(analytics.stats()).toMatchObject({ queued: 0, delivered: 300 })
  })

  it('backs off with full jitter within bounds, then honours Retry-After (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const plan: Fault[] = [
      { status: 500 },
      'reset',
      { status: 503 },
      { status: 429, retryAfter: '7' },
      'pass',
    ]
    const { analytics, errors, proxy } = await withProxy((n) => plan[n] ?? 'pass', {
      retryBaseDelay: 1000,
      retryMaxDelay: 60_000,
      random: () => 0.999,
    })
    analytics.track({ userId: 'backoff', event: 'x' })
    void analytics.flush()
    // Full jitter: delay < base · 2^attempt; with random → 1 it is just under the ceiling.
    const expected = [999, 1998, 3996, 7000]
    for (const [k, delay] of expected.entries()) {
      await waitFor(() => proxy.requests.length === k + 1 && errors.length === k + 1)
      expect(errors[k]?.details).toMatchObject({ willRetry: true, retryIn: delay })
      await vi.advanceTimersByTimeAsync(delay - 1)
      await new Promise((resolve) => setImmediate(resolve))
      expect(proxy.requests).toHaveLength(k + 1) // not a millisecond early
      await vi.advanceTimersByTimeAsync(1)
    }
    await waitFor(() => analytics.stats().delivered === 1)
    const gaps = proxy.requests.slice(1).map((r, i) => r.at - (proxy.requests[i]?.at ?? 0))
    expect(gaps).toEqual(expected)
    expect(errors.map((e) => e.details.reason)).toEqual([
      'HTTP 500',
      expect.stringMatching(/^no response/),
      'HTTP 503',
      'HTTP 429',
    ])
    await analytics.closeAndFlush()
  })

  it('draws different delays under each ceiling with real randomness', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { analytics, errors, proxy } = await withProxy(
      (n) => (n < 6 ? { status: 500 } : 'pass'),
      {
        retryBaseDelay: 1000,
      },
    )
    analytics.track({ userId: 'jitter', event: 'x' })
    void analytics.flush()
    for (let k = 0; k < 6; k++) {
      await waitFor(() => errors.length === k + 1)
      const retryIn = errors[k]?.details.retryIn ?? -1
      expect(retryIn).toBeGreaterThanOrEqual(0)
      expect(retryIn).toBeLessThan(1000 * 2 ** k)
      await vi.advanceTimersByTimeAsync(retryIn)
    }
    await waitFor(() => analytics.stats().delivered === 1)
    expect(proxy.requests).toHaveLength(7)
    await analytics.closeAndFlush()
  })

  it('a hung server: the request times out and the batch is retried', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { analytics, errors, proxy } = await withProxy((n) => (n === 0 ? 'hang' : 'pass'), {
      httpRequestTimeout: 5000,
      random: () => 0,
    })
    const id = analytics.track({ userId: 'hung', event: 'x' })
    void analytics.flush()
    await waitFor(() => proxy.requests.length === 1)
    await vi.advanceTimersByTimeAsync(4999)
    expect(errors).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    await waitFor(() => analytics.stats().delivered === 1)
    expect(errors[0]?.details.reason).toMatch(/no response within 5000 ms/)
    expect(errors[0]?.details.cause).toBeInstanceOf(RequestAbortedError)
    expect(errors[0]?.details.cause).toMatchObject({ code: 'timeout' })
    expect(proxy.requests.map((r) => r.messageIds)).toEqual([[id], [id]])
    await analytics.closeAndFlush()
  })

  it('drops a batch on 400 (no retry) and reports each event through error and drop', async () => {
    const { analytics, errors, drops, proxy } = await withProxy(() => ({ status: 400 }))
    const results: (Error | undefined)[] = []
    const ids = [0, 1, 2].map((i) =>
      analytics.track({ userId: 'bad', event: `e${i}` }, (error) => results.push(error)),
    )
    await analytics.flush()
    expect(proxy.requests).toHaveLength(1)
    expect(errors.map((e) => [e.details.messageId, e.details.willRetry])).toEqual(
      ids.map((id) => [id, false]),
    )
    expect(drops.map((d) => [d.messageId, d.kind])).toEqual(ids.map((id) => [id, 'rejected']))
    expect(results.map((e) => e?.message)).toEqual(
      ids.map((id) => `event ${id} dropped: HTTP 400, not retried`),
    )
    expect(analytics.stats().dropped.rejected).toBe(3)
    await analytics.closeAndFlush()
  })

  it('retries 408, and gives up after maxRetries with one error per event', async () => {
    const { analytics, errors, drops, proxy } = await withProxy(() => ({ status: 408 }), {
      maxRetries: 2,
      retryBaseDelay: 1,
    })
    const id = analytics.track({ userId: 'gaveup', event: 'x' })
    await analytics.flush()
    expect(proxy.requests).toHaveLength(3)
    expect(drops).toEqual([
      {
        messageId: id,
        kind: 'retries-exhausted',
        reason: expect.stringMatching(/gave up after 3 attempts: HTTP 408/),
      },
    ])
    expect(errors.filter((e) => !e.details.willRetry).map((e) => e.details.messageId)).toEqual([id])
    await analytics.closeAndFlush()
  })
})

describe('flush (the Lambda pattern: await flush() before returning)', () => {
  it('settles only once the collector has acknowledged, retries included', async () => {
    const plan: Fault[] = [{ delay: 150 }, { status: 503 }, { delay: 150 }]
    const { analytics } = await withProxy((n) => plan[n] ?? 'pass', {
      maxEventsInBatch: 2,
      retryBaseDelay: 20,
    })
    const ids = [0, 1, 2].map((i) => analytics.track({ userId: 'lambda', event: `e${i}` }))
    await analytics.flush()
    // No waiting here: the events are already in the collector's sink when flush settles.
    expect(delivered('lambda').map((m) => m.messageId)).toEqual(ids)
    expect(analytics.stats()).toMatchObject({ queued: 0, delivered: 3, retries: 1 })
    expect(await analytics.closeAndFlush()).toEqual({ flushed: true, pending: 0 })
  })
})

describe('backpressure', () => {
  it('a producer that outpaces a slow collector keeps the queue bounded and reports drops', async () => {
    const { analytics, drops } = await withProxy(() => ({ delay: 20 }), {
      maxEventsInBatch: 10,
      maxQueueEvents: 100,
      maxQueueBytes: 64 * 1024,
      flushInterval: 10,
    })
    const accepted = new Set<string>()
    let peak = 0
    for (let i = 0; i < 3000; i++) {
      accepted.add(
        analytics.track({
          userId: 'bp',
          event: 'Produced',
          properties: { i, pad: 'x'.repeat(200) },
        }),
      )
      if (i % 20 === 19) await tick()
      peak = Math.max(peak, analytics.stats().queued)
    }
    await tick()
    const rejected = new Set(drops.map((d) => d.messageId))
    expect(drops.every((d) => d.kind === 'queue-full')).toBe(true)
    expect(rejected.size).toBeGreaterThan(1000)
    expect(peak).toBeLessThanOrEqual(100)
    await analytics.flush()
    const stats = analytics.stats()
    expect(stats.dropped['queue-full']).toBe(rejected.size)
    expect(stats.delivered + rejected.size).toBe(3000) // every event delivered or reported
    const got = new Set(delivered('bp').map((m) => m.messageId))
    for (const id of accepted) expect(got.has(id) !== rejected.has(id)).toBe(true)
    await analytics.closeAndFlush()
  })
})

describe('closeAndFlush', () => {
  it('gives up after its timeout, aborts the hung request and reports what was left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { analytics, drops, proxy } = await withProxy(() => 'hang', {
      httpRequestTimeout: 60_000,
    })
    const ids = [0, 1, 2].map((i) => analytics.track({ userId: 'close', event: `e${i}` }))
    const closed = analytics.closeAndFlush({ timeout: 2000 })
    await waitFor(() => proxy.requests.length === 1)
    await vi.advanceTimersByTimeAsync(1999)
    expect(drops).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(await closed).toEqual({ flushed: false, pending: 3 })
    expect(drops.map((d) => [d.messageId, d.kind])).toEqual(ids.map((id) => [id, 'closed']))
    // After close, calls are refused with a drop, not sent.
    const late = analytics.track({ userId: 'close', event: 'late' })
    expect(drops.at(-1)).toMatchObject({ messageId: late, kind: 'closed' })
    expect(analytics.stats().dropped.closed).toBe(4)
    expect(await analytics.closeAndFlush()).toEqual({ flushed: false, pending: 3 })
  })
})
