import { describe, expect, it } from 'vitest'
import { basic, OTHER_KEY, testCollector, thrown, track, WRITE_KEY } from '../test/helpers.js'
import type { SourcesConfig } from './auth/sources.js'
import { loadConfig, parseSources } from './config/env.js'
import { ConfigError } from './errors.js'
import { addressOf } from './ingest/client-ip.js'

const ORIGIN = 'https://shop.example.com'

describe('sources from a provider', () => {
  it('a key removed from the sources stops working on the next request', async () => {
    let sources: SourcesConfig | undefined = {
      [WRITE_KEY]: { id: 'web' },
      [OTHER_KEY]: { id: 's' },
    }
    const t = testCollector({ sources: () => sources })
    expect((await t.post('/v1/batch', { batch: [track()] })).status).toBe(200)
    sources = { [OTHER_KEY]: { id: 's' } }
    const revoked = await t.post('/v1/batch', { batch: [track()] })
    expect(revoked.status).toBe(401)
    expect(await revoked.json()).toMatchObject({ error: { code: 'unknown_write_key' } })
    const other = await t.post(
      '/v1/batch',
      { batch: [track()] },
      { authorization: basic(OTHER_KEY) },
    )
    expect(other.status).toBe(200)
    expect(t.envelopes()).toHaveLength(2)
  })

  it('no sources: 503 sources_unavailable with Retry-After, nothing stored', async () => {
    const t = testCollector({ sources: () => undefined })
    const res = await t.post('/v1/batch', { batch: [track()] })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toMatchObject({ error: { code: 'sources_unavailable' } })
    expect(t.sink.records).toHaveLength(0)
  })

  it('origins follow the sources in force (CORS too)', async () => {
    let sources: SourcesConfig = { [WRITE_KEY]: { id: 'web', allowedOrigins: [ORIGIN] } }
    const t = testCollector({ sources: () => sources })
    const preflight = () =>
      t.app.request('/v1/batch', {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      })
    expect((await preflight()).status).toBe(204)
    sources = { [WRITE_KEY]: { id: 'web', allowedOrigins: ['https://other.example'] } }
    expect((await preflight()).status).toBe(403)
    const res = await t.post('/v1/batch', { batch: [track()] }, { origin: ORIGIN })
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
  })
})

describe('originVerify', () => {
  const secrets = ['current-secret', 'previous-secret']
  const collector = () =>
    testCollector({ originVerify: { header: 'x-origin-verify', values: () => secrets } })

  it('accepts any of the values in force (a rotation keeps two)', async () => {
    const t = collector()
    for (const value of secrets) {
      const res = await t.post('/v1/batch', { batch: [track()] }, { 'x-origin-verify': value })
      expect(res.status).toBe(200)
    }
    expect(t.envelopes()).toHaveLength(2)
  })

  it('refuses a missing or wrong header on every route, before CORS, with 403 origin_unverified', async () => {
    const t = collector()
    const cases: [string, RequestInit][] = [
      ['/v1/batch', { method: 'POST', headers: { authorization: basic(WRITE_KEY) }, body: '{}' }],
      [
        '/v1/batch',
        { method: 'POST', headers: { 'x-origin-verify': 'current-secre' }, body: '{}' },
      ],
      ['/v1/batch', { method: 'POST', headers: { 'x-origin-verify': 'current-secret!' } }],
      ['/health', {}],
      [
        '/v1/batch',
        { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } },
      ],
    ]
    for (const [path, init] of cases) {
      const res = await t.app.request(path, init)
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(await res.json()).toMatchObject({ error: { code: 'origin_unverified' } })
    }
    expect(t.sink.records).toHaveLength(0)
  })

  it('an empty list refuses everything (an empty secret never matches)', async () => {
    const t = testCollector({ originVerify: { header: 'x-origin-verify', values: () => [''] } })
    const res = await t.post('/v1/batch', { batch: [track()] }, { 'x-origin-verify': '' })
    expect(res.status).toBe(403)
  })
})

describe('viewerAddressHeader', () => {
  it("takes the client's address from the CDN's header, anonymised when asked", async () => {
    const t = testCollector({
      viewerAddressHeader: 'cloudfront-viewer-address',
      anonymiseIp: true,
      connectionIp: () => '10.0.0.9',
    })
    await t.post(
      '/v1/batch',
      { batch: [track()] },
      { 'cloudfront-viewer-address': '203.0.113.7:443' },
    )
    expect(t.envelopes()[0]?.events[0]?.context?.ip).toBe('203.0.113.0')
  })

  it.each([
    ['203.0.113.7:443', '203.0.113.7'],
    ['2001:db8::7:51234', '2001:db8::7'],
    ['[2001:db8::7]:443', '2001:db8::7'],
    ['198.51.100.1', '198.51.100.1'],
    ['not an address', undefined],
  ])('addressOf(%s) is %s', (value, expected) => {
    expect(addressOf(value)).toBe(expected)
  })
})

describe('environment', () => {
  const base = { KINESIS_STREAM: 'events', SOURCES: '{"k":{"id":"web"}}' }
  it('ORIGIN_VERIFY_* and VIEWER_ADDRESS_HEADER are read', () => {
    const config = loadConfig({
      ...base,
      ORIGIN_VERIFY_HEADER: 'x-origin-verify',
      ORIGIN_VERIFY_SECRET: 'a,b',
      VIEWER_ADDRESS_HEADER: 'cloudfront-viewer-address',
    })
    expect(config.originVerify).toEqual({ header: 'x-origin-verify', values: ['a', 'b'] })
    expect(config.viewerAddressHeader).toBe('cloudfront-viewer-address')
  })

  it('a header without a secret, or a bad header name, is a ConfigError naming it', () => {
    expect(() => loadConfig({ ...base, ORIGIN_VERIFY_HEADER: 'x-origin-verify' })).toThrow(
      /ORIGIN_VERIFY_SECRET is required/,
    )
    expect(() => loadConfig({ ...base, VIEWER_ADDRESS_HEADER: 'bad header' })).toThrow(
      /VIEWER_ADDRESS_HEADER: a header name/,
    )
  })

  it('parseSources fills origins from CORS_ORIGINS and never echoes a key', () => {
    expect(parseSources('{"k":{"id":"web"}}', ['https://a.example'])).toEqual({
      k: { id: 'web', allowedOrigins: ['https://a.example'] },
    })
    for (const text of ['wk_secret', '{"wk_secret":{}}']) {
      const error = thrown(() => parseSources(text))
      expect(error).toBeInstanceOf(ConfigError)
      expect(error?.message).not.toContain('wk_secret')
    }
  })
})
