import { waitFor } from '@clickstream/test-support'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Analytics, createAnalytics, ValidationError } from '../src/entrypoints/node.js'
import { LIBRARY } from '../src/version.js'
import { type LoopbackCollector, startCollector, WRITE_KEY } from './collector.js'

let collector: LoopbackCollector
beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector.close())
afterEach(() => {
  vi.useRealTimers()
  collector.requests.length = 0
})

const byId = (id: string) => collector.messages().find((m) => m.messageId === id)

describe('every call lands at the real collector as the right message', () => {
  it('track, identify, page, screen, group and alias, with their fields', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: collector.url })
    const at = new Date('2026-11-20T10:00:00.000Z')
    const ids = {
      track: analytics.track({
        userId: 'u1',
        event: 'Order Completed',
        properties: { total: 42.5, items: [{ sku: 'a' }] },
        timestamp: at,
        context: { ip: '203.0.113.9', campaign: { name: 'fall' } },
        integrations: { All: true },
      }),
      identify: analytics.identify({ userId: 'u1', traits: { email: 'a@example.com' } }),
      page: analytics.page({
        anonymousId: 'a1',
        name: 'Pricing',
        category: 'Docs',
        properties: { path: '/p' },
      }),
      screen: analytics.screen({ userId: 7, name: 'Home' }),
      group: analytics.group({ userId: 'u1', groupId: 'acme', traits: { plan: 'pro' } }),
      alias: analytics.alias({ userId: 'u1', previousId: 'a1' }),
      custom: analytics.track({ anonymousId: 'a2', event: 'Retried', messageId: 'my-id-1' }),
    }
    await analytics.closeAndFlush()

    expect(collector.messages()).toHaveLength(7)
    expect(byId(ids.track)).toMatchObject({
      type: 'track',
      userId: 'u1',
      event: 'Order Completed',
      properties: { total: 42.5, items: [{ sku: 'a' }] },
      originalTimestamp: at.toISOString(),
      integrations: { All: true },
      context: { library: LIBRARY, campaign: { name: 'fall' } },
    })
    expect(byId(ids.identify)).toMatchObject({
      type: 'identify',
      traits: { email: 'a@example.com' },
    })
    expect(byId(ids.page)).toMatchObject({
      type: 'page',
      anonymousId: 'a1',
      name: 'Pricing',
      category: 'Docs',
      properties: { path: '/p' },
    })
    expect(byId(ids.screen)).toMatchObject({ type: 'screen', userId: '7', name: 'Home' })
    expect(byId(ids.group)).toMatchObject({
      type: 'group',
      groupId: 'acme',
      traits: { plan: 'pro' },
    })
    expect(byId(ids.alias)).toMatchObject({ type: 'alias', userId: 'u1', previousId: 'a1' })
    expect(byId('my-id-1')).toMatchObject({ type: 'track', event: 'Retried' })
    expect(ids.custom).toBe('my-id-1')
    for (const m of collector.messages()) expect(m.sentAt).toEqual(expect.any(String))
    expect(collector.rejectedCount()).toBe(0)
    expect(collector.requests[0]).toMatchObject({
      path: '/v1/batch',
      contentType: 'application/json',
      authorization: `Basic ${btoa(`${WRITE_KEY}:`)}`,
    })
  })

  it('throws ValidationError at once for invalid calls: nothing leaves the process', async () => {
    const analytics = createAnalytics({ writeKey: WRITE_KEY, host: collector.url })
    const bad: [string, () => unknown, RegExp][] = [
      ['no id', () => analytics.track({ event: 'x' } as never), /userId or anonymousId/],
      ['no event', () => analytics.track({ userId: 'u' } as never), /event name/],
      ['no groupId', () => analytics.group({ userId: 'u' } as never), /groupId is required/],
      ['no previousId', () => analytics.alias({ userId: 'u' } as never), /previousId/],
      [
        'circular',
        () => {
          const self: Record<string, unknown> = {}
          self.self = self
          return analytics.track({ userId: 'u', event: 'x', properties: self })
        },
        /contains itself|circular/,
      ],
      [
        'too large',
        () => analytics.track({ userId: 'u', event: 'x', properties: { s: 'x'.repeat(40_000) } }),
        /32768-byte/,
      ],
      [
        'bad timestamp',
        () => analytics.track({ userId: 'u', event: 'x', timestamp: 'soon' }),
        /timestamp/,
      ],
    ]
    for (const [, call, message] of bad) {
      expect(call).toThrow(ValidationError)
      expect(call).toThrow(message)
    }
    await analytics.closeAndFlush()
    expect(collector.requests).toHaveLength(0)
  })
})

describe('batching boundaries', () => {
  it('sends a full batch at once (count) and the rest on flush', async () => {
    const analytics = createAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      maxEventsInBatch: 5,
      flushInterval: 60_000,
    })
    const before = collector.messages().length
    for (let i = 0; i < 12; i++) analytics.track({ userId: 'count', event: `e${i}` })
    await waitFor(() => collector.requests.length === 2)
    expect(collector.messages().length - before).toBe(10)
    await analytics.flush()
    expect(collector.requests).toHaveLength(3)
    expect(collector.messages().length - before).toBe(12)
    await analytics.closeAndFlush()
  })

  it('keeps every request within maxRequestBytes (bytes)', async () => {
    const analytics = createAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      maxEventsInBatch: 100,
      maxRequestBytes: 100_000,
      compressAbove: false,
    })
    const ids = Array.from({ length: 20 }, (_, i) =>
      analytics.track({
        userId: 'bytes',
        event: 'Big',
        properties: { i, pad: 'x'.repeat(20_000) },
      }),
    )
    await analytics.closeAndFlush()
    expect(collector.requests.length).toBeGreaterThanOrEqual(5)
    for (const r of collector.requests) expect(r.wireBytes).toBeLessThanOrEqual(100_000)
    const got = new Set(collector.messages().map((m) => m.messageId))
    for (const id of ids) expect(got.has(id)).toBe(true)
  })

  it('sends a partial batch after flushInterval and not before (time, fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const analytics = createAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      flushInterval: 10_000,
    })
    analytics.track({ userId: 'time', event: 'a' })
    analytics.track({ userId: 'time', event: 'b' })
    await vi.advanceTimersByTimeAsync(9_999)
    expect(collector.requests).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    await waitFor(() => analytics.stats().delivered === 2)
    expect(collector.requests).toHaveLength(1)
    await analytics.closeAndFlush()
  })
})

describe('gzip', () => {
  it('compresses bodies above compressAbove and not below; the collector inflates them', async () => {
    const analytics = createAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      compressAbove: 4096,
      maxEventsInBatch: 10,
    })
    const small = analytics.track({ userId: 'gz', event: 'Small' })
    await analytics.flush()
    const big = Array.from({ length: 10 }, (_, i) =>
      analytics.track({
        userId: 'gz',
        event: 'Big',
        properties: { i, text: 'lorem ipsum '.repeat(100) },
      }),
    )
    await analytics.closeAndFlush()
    const [first, second] = collector.requests
    expect(first?.contentEncoding).toBeNull()
    expect(second?.contentEncoding).toBe('gzip')
    expect(second?.wireBytes).toBeLessThan(4096)
    expect(byId(small)).toBeDefined()
    for (const id of big)
      expect(byId(id)).toMatchObject({ properties: { text: expect.any(String) } })
  })

  it('the edge entry gzips with CompressionStream', async () => {
    const edge = await import('../src/entrypoints/edge.js')
    const analytics = edge.createAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      compressAbove: 100,
    })
    const id = analytics.track({
      userId: 'edge',
      event: 'Edge',
      properties: { text: 'x'.repeat(500) },
    })
    await analytics.closeAndFlush()
    expect(collector.requests[0]?.contentEncoding).toBe('gzip')
    expect(byId(id)).toMatchObject({ event: 'Edge' })
  })
})
