import { describe, expect, it } from 'vitest'
import { basic, gzip, OTHER_KEY, testCollector, track, WRITE_KEY } from '../test/helpers.js'
import type { Sink } from './sink/sink.js'

const ROUTES = [
  ['track', 't', { event: 'Clicked' }],
  ['page', 'p', { name: 'Home' }],
  ['screen', 's', { name: 'Home' }],
  ['identify', 'i', { traits: { plan: 'pro' } }],
  ['group', 'g', { groupId: 'g-1' }],
  ['alias', 'a', { userId: 'u-1', previousId: 'anon-1' }],
] as const

describe('routes', () => {
  for (const path of ['/v1/batch', '/v1/b', '/v1/import']) {
    it(`POST ${path} accepts a batch`, async () => {
      const t = testCollector()
      const res = await t.post(path, { batch: [track(), track({ anonymousId: 'anon-2' })] })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ ok: true, accepted: 2, rejected: [] })
      expect(t.envelopes().map((e) => e.key)).toEqual(['anon-1', 'anon-2'])
    })
  }

  for (const [type, short, fields] of ROUTES) {
    for (const path of [`/v1/${type}`, `/v1/${short}`]) {
      it(`POST ${path} takes one ${type} message, type injected from the route`, async () => {
        const t = testCollector()
        const res = await t.post(path, { anonymousId: 'anon-1', ...fields })
        expect(await res.json()).toEqual({ ok: true, accepted: 1, rejected: [] })
        expect(t.envelopes()[0]?.events[0]?.type).toBe(type)
      })
    }
  }

  it('refuses a body whose type contradicts the route', async () => {
    const t = testCollector()
    const res = await t.post('/v1/t', { type: 'page', anonymousId: 'a' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'type_mismatch' } })
    expect(t.sink.records).toHaveLength(0)
  })

  it('GET /health answers 200', async () => {
    const res = await testCollector().app.request('/health')
    expect(res.status).toBe(200)
  })

  it('GET /ready is 200 when the sinks are reachable and 503 with Retry-After when not', async () => {
    expect((await testCollector().app.request('/ready')).status).toBe(200)
    const down: Sink = {
      put: async () => ({ ok: true }),
      ready: async () => false,
      close: async () => {},
    }
    const res = await testCollector({ sink: down }).app.request('/ready')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toMatchObject({ error: { code: 'sink_unavailable' } })
  })

  it('answers analytics.js telemetry on /m without storing it', async () => {
    const t = testCollector()
    const res = await t.app.request('/m', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ series: [{ type: 'Counter', metric: 'analytics_js.invoke' }] }),
    })
    expect(res.status).toBe(204)
    expect(t.sink.records).toHaveLength(0)
    expect(t.rejectSink.records).toHaveLength(0)
  })

  it('answers an unknown route with a 404 error body', async () => {
    const res = await testCollector().post('/v1/nope', {})
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such route' },
    })
  })
})

describe('content types and encodings', () => {
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
  ]) {
    it(`reads JSON sent as ${type}`, async () => {
      const t = testCollector()
      const res = await t.post('/v1/batch', { batch: [track()] }, { 'content-type': type })
      expect(res.status).toBe(200)
    })
  }

  it('reads JSON sent without a content type', async () => {
    const t = testCollector()
    const res = await t.app.request('/v1/batch', {
      method: 'POST',
      headers: { authorization: basic(WRITE_KEY) },
      body: new TextEncoder().encode(JSON.stringify({ batch: [track()] })),
    })
    expect(res.status).toBe(200)
  })

  it('refuses other content types with 415', async () => {
    const res = await testCollector().post('/v1/batch', '{}', { 'content-type': 'text/html' })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
  })

  it('inflates gzip bodies (RudderStack: gzip labelled form-urlencoded)', async () => {
    const t = testCollector()
    const body = await gzip(JSON.stringify({ batch: [track(), track()] }))
    const res = await t.post('/v1/batch', body, {
      'content-encoding': 'gzip',
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(await res.json()).toMatchObject({ ok: true, accepted: 2 })
  })

  it('refuses a body that says gzip but is not (400) and unknown encodings (415)', async () => {
    const t = testCollector()
    const bad = await t.post('/v1/batch', '{"batch":[]}', { 'content-encoding': 'gzip' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'malformed_json' } })
    const br = await t.post('/v1/batch', '{"batch":[]}', { 'content-encoding': 'br' })
    expect(br.status).toBe(415)
    expect(await br.json()).toMatchObject({ error: { code: 'unsupported_encoding' } })
  })

  it('answers malformed JSON, non-object bodies and bad batch shapes with 400', async () => {
    const t = testCollector()
    for (const [body, code] of [
      ['{"batch":', 'malformed_json'],
      ['[1,2]', 'invalid_body'],
      ['"text"', 'invalid_body'],
      ['{"batch":{}}', 'invalid_body'],
      [new Uint8Array([0x7b, 0xff, 0x7d]), 'malformed_json'],
    ] as const) {
      const res = await t.post('/v1/batch', body)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, error: { code } })
    }
  })

  it('refuses a batch of more than 2,500 messages with 400', async () => {
    const t = testCollector({ maxBodyBytes: 10_000_000 })
    const res = await t.post('/v1/batch', { batch: Array.from({ length: 2501 }, () => ({})) })
    expect(res.status).toBe(400)
    expect(t.sink.records).toHaveLength(0)
  })
})

describe('auth', () => {
  it('takes the write key from Basic auth', async () => {
    const res = await testCollector().post('/v1/batch', { batch: [track()] })
    expect(res.status).toBe(200)
  })

  it('takes the write key from the body, and never stores it', async () => {
    const t = testCollector()
    const res = await t.post('/v1/t', { ...track(), writeKey: OTHER_KEY }, { authorization: '' })
    expect(res.status).toBe(200)
    const [envelope] = t.envelopes()
    expect(envelope?.sourceId).toBe('server')
    expect(new TextDecoder().decode(t.sink.records[0]?.data)).not.toContain(OTHER_KEY)
  })

  it('answers 401 missing_write_key and unknown_write_key', async () => {
    const t = testCollector()
    const none = await t.post('/v1/batch', { batch: [] }, { authorization: '' })
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: { code: 'missing_write_key' } })
    const unknown = await t.post('/v1/batch', { batch: [] }, { authorization: basic('nope') })
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_write_key' } })
    const bearer = await t.post('/v1/batch', { batch: [] }, { authorization: 'Bearer x' })
    expect(bearer.status).toBe(401)
  })
})

describe('CORS', () => {
  const preflight = (t: ReturnType<typeof testCollector>, origin: string) =>
    t.app.request('/v1/t', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })

  it('answers a preflight from an allowed origin, allowing Authorization', async () => {
    const res = await preflight(testCollector(), 'https://shop.example.com')
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/i)
  })

  it('refuses a preflight from an origin no source allows', async () => {
    const res = await preflight(testCollector(), 'https://evil.example')
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('checks the origin against the request’s own source', async () => {
    const t = testCollector()
    const ok = await t.post('/v1/t', track(), { origin: 'https://shop.example.com' })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    const other = await t.post('/v1/t', track(), {
      origin: 'https://shop.example.com',
      authorization: basic(OTHER_KEY),
    })
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
  })

  it('allows any origin only when a source says *', async () => {
    const t = testCollector({ sources: { [WRITE_KEY]: { id: 'web', allowedOrigins: '*' } } })
    expect((await preflight(t, 'https://anywhere.example')).status).toBe(204)
  })
})
