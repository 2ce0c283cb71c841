import { describe, expect, it } from 'vitest'
import { basic, OTHER_KEY, testCollector, track, WRITE_KEY } from '../test/helpers.js'
import { createMetrics } from './metrics.js'

const SHOP = 'https://shop.example.com'

/** What RudderStack's JS SDK sends before `identify`: an empty `userId` beside its anonymousId. */
const anonymous = (over: Record<string, unknown> = {}) => track({ userId: '', ...over })

/** A beacon as `navigator.sendBeacon` sends it: text/plain, no Authorization, key in the query. */
const beacon = (
  t: ReturnType<typeof testCollector>,
  query: string,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.request(`/beacon/v1/batch${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SHOP, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('RudderStack beacon: POST /beacon/v1/batch', () => {
  it('ingests a batch with the write key in the query string, an empty userId dropped', async () => {
    const t = testCollector()
    const res = await beacon(t, `?writeKey=${WRITE_KEY}`, {
      batch: [anonymous(), anonymous({ type: 'page', name: 'Home', event: undefined })],
      sentAt: '2026-02-01T09:59:59.000Z',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await res.json()).toEqual({ ok: true, accepted: 2, rejected: [] })
    const events = t.envelopes().flatMap((e) => e.events)
    expect(events.map((e) => e.type)).toEqual(['track', 'page'])
    for (const event of events) {
      expect(event.anonymousId).toBe('anon-1')
      expect(Object.hasOwn(event, 'userId')).toBe(false)
    }
    expect(t.envelopes()[0]?.sourceId).toBe('web')
  })

  it('takes writeKey in the body too, and Basic auth first', async () => {
    const t = testCollector()
    const inBody = await beacon(t, '', { batch: [track()], writeKey: WRITE_KEY })
    expect(await inBody.json()).toMatchObject({ ok: true, accepted: 1 })
    const both = await beacon(
      t,
      `?writeKey=nope`,
      { batch: [track()] },
      {
        authorization: basic(WRITE_KEY),
      },
    )
    expect(both.status).toBe(200)
    expect(t.envelopes()).toHaveLength(2)
  })

  it('answers a missing or unknown key with 401, naming the query parameter', async () => {
    const t = testCollector()
    const missing = await beacon(t, '', { batch: [track()] })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await missing.json()).toEqual({
      ok: false,
      error: {
        code: 'missing_write_key',
        message:
          'no write key: send HTTP Basic auth with the write key as user name, ?writeKey=, or writeKey in the body',
      },
    })
    const unknown = await beacon(t, '?writeKey=nope', { batch: [track()] })
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_write_key' } })
    expect(t.sink.records).toHaveLength(0)
  })

  it('has the same limits and per-event rejections as /v1/batch', async () => {
    const t = testCollector({ maxBodyBytes: 1024 })
    const big = await beacon(t, `?writeKey=${WRITE_KEY}`, {
      batch: [track({ properties: { pad: 'x'.repeat(2000) } })],
    })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    const mixed = await beacon(t, `?writeKey=${WRITE_KEY}`, {
      batch: [track(), { type: 'track', event: 'x', userId: '', anonymousId: '' }],
    })
    expect(await mixed.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, errors: [{ code: 'missing_id' }] }],
    })
    expect(t.rejected()).toHaveLength(1)
  })

  it('checks the origin against the source of the key in the query', async () => {
    const t = testCollector()
    const res = await beacon(t, `?writeKey=${OTHER_KEY}`, { batch: [track()] })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
  })
})

describe('RudderStack source config: GET /sourceConfig/', () => {
  const get = (t: ReturnType<typeof testCollector>, path: string, headers = {}) =>
    t.app.request(path, { headers: { origin: SHOP, ...headers } })

  it('answers a minimal source config for the key in the query, no destinations', async () => {
    const res = await get(
      testCollector(),
      `/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey=${WRITE_KEY}&lockIntegrationsVersion=true`,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await res.json()).toEqual({
      source: {
        id: 'web',
        name: 'web',
        workspaceId: 'clickstream',
        enabled: true,
        config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
        destinations: [],
      },
    })
  })

  it('takes the key from Basic auth, with or without the trailing slash', async () => {
    const t = testCollector()
    for (const path of ['/sourceConfig/', '/sourceConfig']) {
      const res = await get(t, path, { authorization: basic(WRITE_KEY) })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ source: { id: 'web', destinations: [] } })
    }
  })

  it('answers an unknown or missing key with 401 and an origin the source refuses with 403', async () => {
    const t = testCollector()
    const unknown = await get(t, '/sourceConfig/?writeKey=nope')
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_write_key' } })
    expect((await get(t, '/sourceConfig/')).status).toBe(401)
    const refused = await get(t, `/sourceConfig/?writeKey=${OTHER_KEY}`)
    expect(refused.status).toBe(403)
  })

  it('answers the preflight of the config fetch (GET with Authorization)', async () => {
    const res = await testCollector().app.request(`/sourceConfig/?writeKey=${WRITE_KEY}`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toContain('GET')
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization')
  })
})

describe('SDK telemetry: POST /rsaMetrics and /m', () => {
  it('answers 204, stores nothing and counts each route', async () => {
    const metrics = createMetrics()
    const t = testCollector({ metrics })
    for (const path of ['/rsaMetrics', '/rsaMetrics', '/m']) {
      const res = await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP },
        body: JSON.stringify({ version: '3', source: { name: 'js' }, metrics: [], errors: [] }),
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    }
    expect(Object.fromEntries(metrics.telemetry)).toEqual({ '/rsaMetrics': 2, '/m': 1 })
    expect(t.sink.records).toHaveLength(0)
    expect(t.rejectSink.records).toHaveLength(0)
  })
})

describe('CORS headers on every answer', () => {
  it('a 404 carries them for an allowed origin (the browser would hide it otherwise)', async () => {
    const t = testCollector()
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/v1/nope'],
      ['HEAD', '/sourceConfig/x'],
    ] as const) {
      const res = await t.app.request(path, { method, headers: { origin: SHOP } })
      expect(res.status).toBe(404)
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
      expect(res.headers.get('vary')).toBe('Origin')
    }
    const body = await (await t.app.request('/nope', { headers: { origin: SHOP } })).json()
    expect(body).toEqual({ ok: false, error: { code: 'not_found', message: 'no such route' } })
  })

  it('error answers from the ingest (400, 413, 415) carry them too; an unknown origin gets none', async () => {
    const t = testCollector({ maxBodyBytes: 64 })
    const answers = await Promise.all([
      t.post('/v1/batch', '{', { origin: SHOP }),
      t.post('/v1/batch', { batch: [track({ pad: 'x'.repeat(100) })] }, { origin: SHOP }),
      t.post('/v1/batch', {}, { origin: SHOP, 'content-type': 'image/png' }),
    ])
    expect(answers.map((r) => r.status)).toEqual([400, 413, 415])
    for (const res of answers) expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    const stranger = await t.app.request('/nope', { headers: { origin: 'https://evil.example' } })
    expect(stranger.status).toBe(404)
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
  })
})
