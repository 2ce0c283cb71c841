import type { SessionRecord } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { webAppOptions } from '../../test/support/web-app.js'
import { createEventFeed } from './event-feed.js'
import { createWebApp } from './web-app.js'

const session: SessionRecord = {
  sessionId: 's-1',
  key: 'anon-1',
  anonymousId: 'anon-1',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:05:00.000Z',
  durationMs: 300_000,
  eventCount: 1,
  pageViewCount: 1,
  trackCount: 0,
  eventCounts: {},
  bounce: true,
  updatedAt: '2026-01-01T00:05:00.000Z',
}

function app(signal?: AbortSignal) {
  const feed = createEventFeed()
  for (let i = 0; i < 3000; i++) {
    feed.add({
      kind: 'rejected',
      at: i,
      sourceId: 's',
      issues: [],
      raw: '<script>alert(1)</script>',
    })
  }
  const requested: number[] = []
  const web = createWebApp(
    webAppOptions({
      feed,
      snippet: '<script>SNIPPET</script>',
      ...(signal ? { signal } : {}),
      sessions: {
        recent: async (limit) => {
          requested.push(limit)
          return [session]
        },
        get: async (id) => (id === 's-1' ? session : undefined),
      },
    }),
  )
  return { web, requested }
}

describe('local web app: hostile and malformed requests', () => {
  it.each([
    ['-5', 200],
    ['abc', 200],
    ['1e9', 2000],
    ['2.5', 200],
    ['', 200],
  ])('/api/events?limit=%j is clamped to %i', async (limit, expected) => {
    const res = await app().web.request(`/api/events?limit=${encodeURIComponent(limit)}`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as unknown[]).length).toBe(expected)
  })

  it('clamps the sessions limit too', async () => {
    const { web, requested } = app()
    await web.request('/api/sessions?limit=999999')
    await web.request('/api/sessions?limit=nope')
    expect(requested).toEqual([500, 100])
  })

  it.each(['nope', '../../etc/passwd', "s-1' OR 1=1", '%00'])(
    'answers an unknown session id %j with 404 and a code',
    async (id) => {
      const res = await app().web.request(`/api/sessions/${encodeURIComponent(id)}`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such session' } })
    },
  )

  it.each([
    '/views/../web-app.ts',
    '/views/..%2Fweb-app.ts',
    '/views/nav.ts',
    '/../package.json',
    '/%2e%2e/package.json',
  ])('serves nothing outside the views and the site: %s', async (path) => {
    expect((await app().web.request(path)).status).toBe(404)
  })

  it('returns user data in the feed as JSON, never as markup', async () => {
    const res = await app().web.request('/api/events?limit=1')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toMatchObject([{ raw: '<script>alert(1)</script>' }])
  })

  it('says how to build the SDK when the bundle is missing', async () => {
    const res = await app().web.request('/sdk/clickstream.min.js')
    expect(res.status).toBe(503)
    expect(await res.text()).toMatch(/not built/)
  })
})

describe('local web app: live stream', () => {
  it('ends every open /api/stream when its signal aborts, and one opened after it at once', async () => {
    const closing = new AbortController()
    const { web } = app(closing.signal)
    const res = await web.request('/api/stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toMatch(/^event: stats\n/)
    // The next stats are a minute away: only the abort can end the stream now.
    closing.abort()
    expect((await reader.read()).done).toBe(true)

    const late = await web.request('/api/stream')
    expect(await late.text()).toBe('')
  })
})

describe('local web app: host check (DNS rebinding) and security headers', () => {
  const paths = ['/', '/debugger', '/api/events', '/api/stats', '/api/sessions/s-1', '/api/stream']

  it.each(paths)('answers %s for another site’s host name with 403 and a code', async (path) => {
    const res = await app().web.request(`http://rebind.attacker.example${path}`, {
      headers: { host: 'rebind.attacker.example' },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { code: 'host_not_allowed', message: expect.stringMatching(/--allowed-hosts/) },
    })
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it.each(['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:1'])(
    'answers the loopback name %s',
    async (host) => {
      const res = await app().web.request('/api/stats', { headers: { host } })
      expect(res.status).toBe(200)
    },
  )

  it.each([
    'localhost.attacker.example',
    '127.0.0.1.nip.io',
    'localhost:3000:1',
    'evil@localhost',
    '',
  ])('refuses the look-alike %j', async (host) => {
    const res = await app().web.request('/api/stats', { headers: { host } })
    expect(res.status).toBe(403)
  })

  it('answers the configured host names, with any port', async () => {
    const web = createWebApp(
      webAppOptions({ allowedHosts: ['dev-box.lan', '192.168.1.20', 'fe80::1'] }),
    )
    for (const host of ['dev-box.lan:3000', '192.168.1.20:3000', '[fe80::1]:3000'])
      expect((await web.request('/api/stats', { headers: { host } })).status).toBe(200)
    expect((await web.request('/api/stats', { headers: { host: 'other.lan' } })).status).toBe(403)
  })

  it.each([...paths, '/nope', '/views/views.css'])(
    'sends the security headers on %s',
    async (path) => {
      const res = await app().web.request(path)
      if (path === '/api/stream') await res.body?.cancel()
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
      expect(csp).toContain("connect-src 'self' http://127.0.0.1:8080")
      expect(csp).not.toContain('unsafe-inline')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
      expect(res.headers.get('strict-transport-security')).toBeNull()
    },
  )

  it('gives the demo page’s inline snippet the nonce of its response’s policy, a new one each time', async () => {
    const { web } = app()
    const nonces = []
    for (let i = 0; i < 2; i++) {
      const res = await web.request('/')
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]
      expect(await res.text()).toContain(`<script nonce="${nonce}">SNIPPET</script>`)
      nonces.push(nonce)
    }
    expect(nonces[0]).not.toBe(nonces[1])
  })
})
