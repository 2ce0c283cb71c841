import { describe, expect, it } from 'vitest'
import { OTHER_KEY, testCollector, WRITE_KEY } from '../test/helpers.js'
import { loadConfig } from './config/env.js'

const ORIGIN = 'https://shop.example.com'
const settings = (key: string, headers: Record<string, string> = {}) =>
  testCollector().app.request(`http://collect.test/v1/projects/${key}/settings`, { headers })

describe('GET /v1/projects/<writeKey>/settings (analytics.js with cdnURL at the collector)', () => {
  it('sends the Segment.io destination here and nothing else, with CORS for the source', async () => {
    const res = await settings(WRITE_KEY, { origin: ORIGIN })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const body = (await res.json()) as {
      integrations: Record<string, Record<string, unknown>>
      metrics: { sampleRate: number }
      remotePlugins: unknown[]
    }
    expect(Object.keys(body.integrations)).toEqual(['Segment.io'])
    expect(body.integrations['Segment.io']).toMatchObject({
      apiKey: WRITE_KEY,
      apiHost: 'collect.test/v1',
      protocol: 'http',
    })
    expect(body.metrics.sampleRate).toBe(0)
    expect(body.remotePlugins).toEqual([])
  })

  it('is cacheable for a minute, with an ETag a revalidation answers 304', async () => {
    const t = testCollector()
    const url = `http://collect.test/v1/projects/${WRITE_KEY}/settings`
    const first = await t.app.request(url)
    expect(first.headers.get('cache-control')).toBe('public, max-age=60')
    const tag = first.headers.get('etag')
    expect(tag).toBeTruthy()
    const again = await t.app.request(url, { headers: { 'if-none-match': tag as string } })
    expect(again.status).toBe(304)
  })

  it('an unknown key is a 404; an origin the source refuses a 403', async () => {
    const unknown = await settings('no-such-key')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } })
    const refused = await settings(OTHER_KEY, { origin: ORIGIN })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
  })

  it('a PUBLIC_HOST with a scheme or a path is a ConfigError naming it', () => {
    for (const PUBLIC_HOST of ['https://collect.example', 'collect.example/v1', 'a b']) {
      expect(() => loadConfig({ SOURCES: '{"k":{"id":"web"}}', PUBLIC_HOST })).toThrow(
        /PUBLIC_HOST: a host name \(and port\), no scheme or path/,
      )
    }
    expect(
      loadConfig({ SOURCES: '{"k":{"id":"web"}}', PUBLIC_HOST: 'collect.example:8443' }).publicHost,
    ).toBe('collect.example:8443')
  })

  it('PUBLIC_HOST names the host the SDKs use (behind a CDN), over https', async () => {
    const t = testCollector({ publicHost: 'collect.shop.example' })
    const res = await t.app.request(`http://origin.internal/v1/projects/${WRITE_KEY}/settings`)
    const body = (await res.json()) as { integrations: Record<string, Record<string, unknown>> }
    expect(body.integrations['Segment.io']).toMatchObject({
      apiHost: 'collect.shop.example/v1',
      protocol: 'https',
    })
  })
})
