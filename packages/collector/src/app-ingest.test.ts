import { lakeEventDate } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import analyticsJsTrack from '../test/fixtures/analytics-js-track.json' with { type: 'json' }
import analyticsNodeBatch from '../test/fixtures/analytics-node-batch.json' with { type: 'json' }
import { basic, gzip, NOW, OTHER_KEY, testCollector, track, WRITE_KEY } from '../test/helpers.js'
import type { Sink } from './sink/sink.js'

/** Posts a streamed body (no length unless given), as a slow or huge upload arrives. */
const postStream = (
  t: ReturnType<typeof testCollector>,
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) =>
  t.app.request('/v1/batch', {
    method: 'POST',
    headers: { authorization: basic(WRITE_KEY), ...headers },
    body,
    duplex: 'half',
  } as RequestInit)

describe('limits', () => {
  it('answers 413 from Content-Length before reading the body', async () => {
    const t = testCollector({ maxBodyBytes: 1000 })
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(100))
      },
    })
    const res = await postStream(t, body, { 'content-length': '5000' })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('refuses a 100 MB body without reading it into memory', async () => {
    const t = testCollector()
    let sent = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100 * 1024 * 1024) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const res = await postStream(t, body)
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(2 * 1024 * 1024)
  })

  it('refuses a gzip bomb once the inflated size passes the cap', async () => {
    const t = testCollector()
    const bomb = await gzip(new Uint8Array(50 * 1024 * 1024).fill(0x20))
    expect(bomb.byteLength).toBeLessThan(100_000)
    const res = await t.post('/v1/batch', bomb, { 'content-encoding': 'gzip' })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } })
  })

  it('times out a body that does not arrive', async () => {
    const t = testCollector({ bodyTimeoutMs: 50 })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"batch":['))
      },
    })
    const res = await postStream(t, body)
    expect(res.status).toBe(408)
    expect(await res.json()).toMatchObject({ error: { code: 'request_timeout' } })
  })

  it('rate-limits per source with 429 and Retry-After', async () => {
    let now = NOW
    const t = testCollector({ rateLimit: { ratePerSecond: 1, burst: 2 }, now: () => now })
    expect((await t.post('/v1/t', track())).status).toBe(200)
    expect((await t.post('/v1/t', track())).status).toBe(200)
    const limited = await t.post('/v1/t', track())
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect((await t.post('/v1/t', track(), { authorization: basic(OTHER_KEY) })).status).toBe(200)
    now += 1000
    expect((await t.post('/v1/t', track())).status).toBe(200)
  })
})

describe('sink failures', () => {
  const failing = (reason: 'overloaded' | 'unavailable' | 'closed'): Sink => ({
    put: async (records) =>
      records.length === 0
        ? { ok: true }
        : { ok: false, reason, failed: records.length, retryAfterSeconds: 3, message: reason },
    ready: async () => true,
    close: async () => {},
  })

  for (const [reason, code] of [
    ['unavailable', 'sink_unavailable'],
    ['overloaded', 'overloaded'],
    ['closed', 'shutting_down'],
  ] as const) {
    it(`answers 503 ${code} with Retry-After when the sink is ${reason}`, async () => {
      const t = testCollector({ sink: failing(reason) })
      const res = await t.post('/v1/batch', { batch: [track()] })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('3')
      expect(await res.json()).toMatchObject({ ok: false, error: { code } })
    })
  }

  it('answers 503 when only the rejected-events sink fails', async () => {
    const t = testCollector({ rejectSink: failing('unavailable') })
    const res = await t.post('/v1/batch', { batch: [track(), { type: 'track' }] })
    expect(res.status).toBe(503)
  })

  it('answers 500 internal for a sink that throws, without details', async () => {
    const sink: Sink = {
      put: async () => {
        throw new Error('secret detail')
      },
      ready: async () => true,
      close: async () => {},
    }
    const res = await testCollector({ sink }).post('/v1/batch', { batch: [track()] })
    expect(res.status).toBe(500)
    expect(JSON.stringify(await res.json())).not.toContain('secret')
  })
})

describe('validation and rejected events', () => {
  it('accepts the valid events of a batch and sets the invalid aside with reasons', async () => {
    const t = testCollector()
    const res = await t.post('/v1/batch', {
      batch: [track(), { type: 'track', messageId: 'bad-1', anonymousId: 'a' }, 42, track()],
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { rejected: unknown[] }
    expect(body).toMatchObject({ ok: true, accepted: 2 })
    expect(body.rejected).toEqual([
      {
        index: 1,
        messageId: 'bad-1',
        errors: [expect.objectContaining({ path: 'event', code: 'required' })],
      },
      { index: 2, errors: [expect.objectContaining({ code: 'invalid_type' })] },
    ])
    const rejected = t.rejected()
    expect(rejected.map((r) => r.index)).toEqual([1, 2])
    expect(rejected[0]).toMatchObject({ sourceId: 'web', messageId: 'bad-1', truncated: false })
    expect(JSON.parse(rejected[0]?.raw ?? '')).toMatchObject({ messageId: 'bad-1' })
    expect(t.rejectSink.records[0]?.partitionKey).toBe('web')
  })

  it('rejects on its own a message that the batch-level context would push past 32 KB', async () => {
    const t = testCollector()
    const big = track({ messageId: 'big', properties: { p: 'y'.repeat(30_000) } })
    const res = await t.post('/v1/batch', {
      context: { shared: 'x'.repeat(4000) },
      batch: [track(), big, track()],
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      accepted: 2,
      rejected: [{ index: 1, messageId: 'big', errors: [{ path: '', code: 'too_large' }] }],
    })
    expect(t.envelopes()[0]?.events.map((e) => String(e.context?.shared).length)).toEqual([
      4000, 4000,
    ])
    expect(t.rejected()).toMatchObject([{ index: 1, messageId: 'big', truncated: false }])
  })

  it('refuses with 413 output_too_large a batch the batch-level context would multiply', async () => {
    const t = testCollector()
    const res = await t.post('/v1/batch', {
      context: { shared: 'x'.repeat(30_000) },
      batch: Array.from({ length: 100 }, () => track()),
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({
      error: { code: 'output_too_large', issues: [{ path: 'batch', code: 'too_large' }] },
    })
    expect(t.sink.records).toEqual([])
    expect(t.rejectSink.records).toEqual([])
  })

  it('rejects an invalid single message, without its write key in the raw copy', async () => {
    const t = testCollector()
    const res = await t.post('/v1/track', { anonymousId: 'a', writeKey: WRITE_KEY })
    expect(await res.json()).toMatchObject({ ok: true, accepted: 0, rejected: [{ index: 0 }] })
    expect(t.rejected()[0]?.raw).not.toContain(WRITE_KEY)
  })
})

describe('enrichment', () => {
  it('corrects clock skew and keeps the originals', async () => {
    const t = testCollector()
    await t.post('/v1/batch', {
      sentAt: '2020-01-01T00:00:10.000Z',
      batch: [track({ timestamp: '2020-01-01T00:00:07.000Z' }), track({ timestamp: undefined })],
    })
    const [first, second] = t.envelopes()[0]?.events ?? []
    expect(first).toMatchObject({
      timestamp: new Date(NOW - 3000).toISOString(),
      originalTimestamp: '2020-01-01T00:00:07.000Z',
      sentAt: '2020-01-01T00:00:10.000Z',
      receivedAt: new Date(NOW).toISOString(),
    })
    expect(second?.timestamp).toBe(new Date(NOW).toISOString())
  })

  it('keeps the client timestamp when there is no sentAt', async () => {
    const t = testCollector()
    await t.post('/v1/batch', { batch: [track({ timestamp: '2020-01-01T00:00:07Z' })] })
    expect(t.envelopes()[0]?.events[0]?.timestamp).toBe('2020-01-01T00:00:07.000Z')
  })

  it('generates a messageId when missing and sets sourceId on the envelope', async () => {
    const t = testCollector()
    await t.post('/v1/batch', { batch: [track({ messageId: undefined })] })
    const [envelope] = t.envelopes()
    expect(envelope?.sourceId).toBe('web')
    expect(envelope?.events[0]?.messageId).toBe('generated-1')
  })

  it('sets context.ip from the connection unless the client set one', async () => {
    const t = testCollector({ connectionIp: () => '198.51.100.7' })
    await t.post('/v1/batch', {
      batch: [track(), track({ context: { ip: '203.0.113.9' } })],
    })
    const events = t.envelopes()[0]?.events ?? []
    expect(events.map((e) => e.context?.ip)).toEqual(['198.51.100.7', '203.0.113.9'])
  })

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const xff = { 'x-forwarded-for': '192.0.2.1, 10.0.0.5' }
    const trusted = testCollector({
      connectionIp: () => '10.0.0.1',
      trustedProxies: ['10.0.0.0/8'],
    })
    await trusted.post('/v1/t', track(), xff)
    expect(trusted.envelopes()[0]?.events[0]?.context?.ip).toBe('192.0.2.1')
    const untrusted = testCollector({ connectionIp: () => '198.51.100.7' })
    await untrusted.post('/v1/t', track(), xff)
    expect(untrusted.envelopes()[0]?.events[0]?.context?.ip).toBe('198.51.100.7')
  })

  it('anonymises addresses when asked', async () => {
    const t = testCollector({ connectionIp: () => '198.51.100.7', anonymiseIp: true })
    await t.post('/v1/batch', {
      batch: [track(), track({ context: { ip: '2001:db8:1:2:3:4:5:6' } })],
    })
    const events = t.envelopes()[0]?.events ?? []
    expect(events.map((e) => e.context?.ip)).toEqual(['198.51.100.0', '2001:db8:1::'])
  })

  it('merges batch-level context and integrations under each message’s own', async () => {
    const t = testCollector()
    await t.post('/v1/batch', {
      context: { library: { name: 'batch-lib' }, locale: 'de-DE' },
      integrations: { All: false },
      batch: [track({ context: { locale: 'en-US' } })],
    })
    expect(t.envelopes()[0]?.events[0]).toMatchObject({
      context: { library: { name: 'batch-lib' }, locale: 'en-US' },
      integrations: { All: false },
    })
  })

  it('packs one envelope per partition key per request, events in order', async () => {
    const t = testCollector()
    await t.post('/v1/batch', {
      batch: [
        track({ messageId: '1' }),
        track({ messageId: '2', anonymousId: undefined, userId: 'u-9' }),
        track({ messageId: '3' }),
        track({ messageId: '4', anonymousId: 'anon-1', userId: 'u-9' }),
      ],
    })
    expect(t.sink.records.map((r) => r.partitionKey)).toEqual(['anon-1', 'u-9'])
    expect(t.envelopes().map((e) => e.events.map((m) => m.messageId))).toEqual([
      ['1', '3', '4'],
      ['2'],
    ])
  })

  it('packs one event date per envelope: an offline queue spanning midnight becomes two records', async () => {
    const t = testCollector()
    await t.post('/v1/batch', {
      batch: [
        track({ messageId: 'a', timestamp: '2026-01-30T23:59:59.000Z' }),
        track({ messageId: 'b', timestamp: '2026-01-31T00:00:01.000Z' }),
        track({ messageId: 'c', timestamp: '2026-01-30T23:59:59.500+00:00' }),
        track({ messageId: 'd', timestamp: '2026-01-31T01:30:00.000+02:00' }), // 23:30 UTC on the 30th
      ],
    })
    expect(t.sink.records.map((r) => r.partitionKey)).toEqual(['anon-1', 'anon-1'])
    const envelopes = t.envelopes()
    expect(envelopes.map((e) => e.events.map((m) => m.messageId))).toEqual([['a', 'c', 'd'], ['b']])
    for (const envelope of envelopes) {
      const dates = new Set(envelope.events.map((e) => lakeEventDate(Date.parse(e.timestamp))))
      expect(dates.size).toBe(1)
    }
  })
})

describe('Segment SDK payloads', () => {
  it('accepts an analytics-node batch', async () => {
    const t = testCollector({ sources: { 'dev-write-key': { id: 'node' } } })
    const res = await t.post('/v1/batch', analyticsNodeBatch, {
      authorization: basic('dev-write-key'),
    })
    expect(await res.json()).toEqual({ ok: true, accepted: 2, rejected: [] })
  })

  it('accepts an analytics.js one-letter request as text/plain', async () => {
    const t = testCollector({
      sources: { 'dev-write-key': { id: 'web', allowedOrigins: ['https://shop.example.com'] } },
    })
    const res = await t.post('/v1/t', analyticsJsTrack, {
      'content-type': 'text/plain',
      authorization: '',
      origin: 'https://shop.example.com',
    })
    expect(await res.json()).toEqual({ ok: true, accepted: 1, rejected: [] })
    const event = t.envelopes()[0]?.events[0]
    expect(event).toMatchObject({
      event: 'Product Viewed',
      originalTimestamp: analyticsJsTrack.timestamp,
    })
    expect(event).not.toHaveProperty('writeKey')
  })
})
