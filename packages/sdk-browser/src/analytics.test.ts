import { validateMessage } from '@clickstream/schema'
import { createMemoryStore, createMemoryTransport } from '@clickstream/sdk-core'
import { describe, expect, it, vi } from 'vitest'
import { useCleanPage } from '../test/support/harness.js'

const page = useCleanPage()

describe('createAnalytics', () => {
  it('queues each call as a valid Segment message and delivers it on flush', async () => {
    const { analytics, transport } = page.create()
    const results = await Promise.all([
      analytics.track('Order Completed', { total: 12.5 }),
      analytics.page('Docs', 'Install', { section: 'npm' }),
      analytics.screen('Settings'),
      analytics.identify('u1', { email: 'a@example.com' }),
      analytics.group('g1', { plan: 'pro' }),
      analytics.alias('u2', 'u1'),
    ])
    expect(results.every((r) => r.ok)).toBe(true)
    await analytics.flush()
    const sent = transport.delivered()
    expect(sent.map((m) => m.type)).toEqual([
      'track',
      'page',
      'screen',
      'identify',
      'group',
      'alias',
    ])
    for (const m of sent) expect(validateMessage(m)).toMatchObject({ ok: true })
    expect(sent[0]).toMatchObject({ event: 'Order Completed', properties: { total: 12.5 } })
    expect(sent[1]).toMatchObject({
      category: 'Docs',
      name: 'Install',
      properties: { section: 'npm', path: '/' },
    })
    expect(sent[3]).toMatchObject({ userId: 'u1', traits: { email: 'a@example.com' } })
    expect(sent[4]).toMatchObject({ groupId: 'g1', userId: 'u1', traits: { plan: 'pro' } })
    expect(sent[5]).toMatchObject({ userId: 'u2', previousId: 'u1' })
    const anonymousIds = new Set(sent.map((m) => m.anonymousId))
    expect([...anonymousIds]).toEqual([analytics.user().anonymousId()])
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(6)
  })

  it('reads page and screen arguments as Segment does: category and name optional', async () => {
    const { analytics } = page.create()
    const options = { context: { ip: '0.0.0.0' } }
    const calls = await Promise.all([
      analytics.page({ a: 1 }, options),
      analytics.page('Home', { a: 2 }, options),
      analytics.page('Docs', 'Install', { a: 3 }, options),
      analytics.screen('Settings', { a: 4 }),
      analytics.page(),
    ])
    const messages = calls.map((r) => (r.ok ? r.message : r.reason))
    expect(messages).toMatchObject([
      {
        name: undefined,
        category: undefined,
        properties: { a: 1, path: '/' },
        context: { ip: '0.0.0.0' },
      },
      { name: 'Home', category: undefined, properties: { a: 2 }, context: { ip: '0.0.0.0' } },
      { name: 'Install', category: 'Docs', properties: { a: 3 }, context: { ip: '0.0.0.0' } },
      { type: 'screen', name: 'Settings', properties: { a: 4 } },
      { type: 'page', properties: { path: '/' } },
    ])
    expect(messages[3]).not.toHaveProperty('properties.path') // page info only on page calls
  })

  it('adds browser context to every event, with call context merged over it', async () => {
    history.replaceState(null, '', '/pricing?utm_source=news&utm_campaign=spring&x=1')
    document.title = 'Pricing'
    const { analytics } = page.create()
    const result = await analytics.track(
      'Viewed',
      {},
      { context: { page: { title: 'Mine' }, ip: '1.2.3.4' } },
    )
    if (!result.ok) throw new Error(result.reason)
    expect(result.message.context).toMatchObject({
      library: { name: '@clickstream/sdk-browser', version: expect.any(String) },
      page: { path: '/pricing', search: '?utm_source=news&utm_campaign=spring&x=1', title: 'Mine' },
      campaign: { source: 'news', name: 'spring' },
      userAgent: navigator.userAgent,
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: expect.any(Number), height: expect.any(Number) },
      ip: '1.2.3.4',
    })
    expect(Date.parse(String(result.message.timestamp))).toBeGreaterThan(Date.now() - 60_000)
    history.replaceState(null, '', '/')
  })

  it('never rejects on bad input: it settles with a reason and queues nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { analytics, transport } = page.create({ debug: true })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    const untyped = analytics as unknown as Record<
      string,
      (...args: unknown[]) => Promise<{ ok: boolean; reason?: string }>
    >
    const results = await Promise.all([
      untyped.track?.(42),
      untyped.track?.('x', { n: 10n }),
      untyped.track?.('x', circular),
      untyped.track?.('x', { f: () => 1 }),
      untyped.track?.('x', { big: 'é'.repeat(20_000) }),
      untyped.identify?.(Symbol('id')),
      untyped.identify?.('u2', 'not traits'),
    ])
    expect(results.map((r) => r?.ok)).toEqual([false, false, false, false, false, false, false])
    expect(results[0]?.reason).toBe('track: event name must be a string, got number')
    expect(results[1]?.reason).toBe('track: properties.n: bigint cannot be sent as JSON')
    expect(results[4]?.reason).toMatch(/over the 32768-byte limit/)
    expect(results[5]?.reason).toBe('identify: userId must be a string, got symbol')
    expect(results[6]?.reason).toBe('identify: traits must be an object, got string')
    expect(analytics.user().id()).toBeNull() // nothing persisted from a bad identify
    await analytics.flush()
    expect(transport.sends).toHaveLength(0)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropped: track: event name must be'))
    warn.mockRestore()
  })

  it('persists identity: anonymousId in a cookie and localStorage, userId and traits, until reset', async () => {
    const first = page.create().analytics
    const anonymousId = first.user().anonymousId()
    expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/)
    expect(document.cookie).toContain(`cs_aid=${anonymousId}`)
    expect(localStorage.getItem('cs_aid')).toBe(anonymousId)
    await first.identify('u1', { plan: 'pro' })
    await first.identify({ name: 'Ada' })
    const second = page.create().analytics
    expect(second.user().id()).toBe('u1')
    expect(second.user().anonymousId()).toBe(anonymousId)
    expect(second.user().traits()).toEqual({ plan: 'pro', name: 'Ada' })
    const tracked = await second.track('x')
    expect(tracked).toMatchObject({ ok: true, message: { userId: 'u1', anonymousId } })
    second.reset()
    expect(second.user().id()).toBeNull()
    expect(second.user().traits()).toEqual({})
    expect(second.user().anonymousId()).not.toBe(anonymousId)
  })

  it('keeps identity in memory when cookies and localStorage are blocked', async () => {
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => {
        throw new Error('blocked')
      },
      set: () => {
        throw new Error('blocked')
      },
    })
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('blocked')
      },
      setItem: () => {
        throw new Error('blocked')
      },
      removeItem: () => {},
    })
    try {
      const { analytics } = page.create({ storage: 'localstorage' })
      const id = analytics.user().anonymousId()
      expect(analytics.user().anonymousId()).toBe(id)
      expect(await analytics.track('x')).toMatchObject({ ok: true })
    } finally {
      vi.unstubAllGlobals()
      delete (document as unknown as Record<string, unknown>).cookie
    }
  })

  it('runs plugins in order to enrich, rewrite or drop events; a throwing plugin drops only its event', async () => {
    const { analytics, transport } = page.create()
    analytics
      .use((m) => {
        m.context = { ...m.context, app: 'shop' }
        return m
      })
      .use(async (m) => (m.type === 'track' && m.event === 'secret' ? null : undefined))
      .use(function boom(m) {
        if (m.type === 'track' && m.event === 'explode') throw new Error('kaput')
        return m
      })
    const results = await Promise.all([
      analytics.track('ok'),
      analytics.track('secret'),
      analytics.track('explode'),
    ])
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'ok',
      'track: dropped by plugin anonymous',
      'track: plugin boom threw: kaput',
    ])
    await analytics.flush()
    expect(transport.delivered()).toMatchObject([{ event: 'ok', context: { app: 'shop' } }])
  })

  it('keeps call order even when a plugin is slow', async () => {
    const { analytics, transport } = page.create()
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    // The plugin holds the first call until the second has been made.
    analytics.use(async (m) => {
      if (m.type === 'track' && m.event === 'first') await held
      return m
    })
    void analytics.track('first')
    const second = analytics.track('second')
    release()
    await second
    await analytics.flush()
    expect(transport.delivered().map((m) => m.event)).toEqual(['first', 'second'])
  })

  it('stops tracking after optOut, persisted across page loads, until optIn', async () => {
    const first = page.create().analytics
    first.optOut()
    expect(await first.track('x')).toEqual({ ok: false, reason: 'track: opted out' })
    const second = page.create().analytics
    expect(await second.page()).toEqual({ ok: false, reason: 'page: opted out' })
    second.optIn()
    expect(await second.track('y')).toMatchObject({ ok: true })
  })

  it('drops the oldest events when the queue is full and warns how many', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { analytics } = page.create({
      store: createMemoryStore({ maxEvents: 2 }),
      debug: true,
      flushInterval: 60_000,
    })
    const codes: string[] = []
    analytics.on('dropped', ({ events, code }) => codes.push(`${code} ${events.length}`))
    for (const e of ['a', 'b', 'c', 'd']) await analytics.track(e)
    expect(codes).toEqual(['queue-full 1', 'queue-full 1'])
    expect(warn).toHaveBeenCalledWith('[clickstream] dropped 1 event(s): queue full')
    expect(warn.mock.calls.filter(([m]) => String(m).includes('queue full'))).toHaveLength(2)
    warn.mockRestore()
  })

  it('calls ready callbacks once the queue is open, and survives a throwing one', async () => {
    const { analytics } = page.create()
    const calls: string[] = []
    await analytics.ready(() => calls.push('a'))
    await analytics.ready(() => {
      throw new Error('host bug')
    })
    expect(calls).toEqual(['a'])
  })

  it('pauses while offline and sends when back online', async () => {
    const transport = createMemoryTransport()
    const { analytics } = page.create({ flushInterval: 5 }, transport)
    await analytics.flush()
    window.dispatchEvent(new Event('offline'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await analytics.track('while offline')
    // Ten flush intervals go by (online, the first would send): nothing is sent.
    await vi.advanceTimersByTimeAsync(50)
    vi.useRealTimers()
    expect(transport.sends).toHaveLength(0)
    window.dispatchEvent(new Event('online'))
    await analytics.flush()
    expect(transport.delivered().map((m) => m.event)).toEqual(['while offline'])
  })

  it('on pagehide sends pending events as unloading and keeps them queued until a 2xx', async () => {
    const store = createMemoryStore()
    const { analytics, transport } = page.create({ store, flushInterval: 60_000 })
    await analytics.track('a')
    await analytics.track('b')
    window.dispatchEvent(new Event('pagehide')) // sends at once, before the page goes
    expect(transport.sends).toMatchObject([{ options: { unloading: true } }])
    expect(transport.sends[0]?.events).toHaveLength(2)
    expect(await store.count()).toBe(2)
    await analytics.flush()
    expect(await store.count()).toBe(0)
  })

  it('stamps consent on every event; with it unknown, calls wait (or drop) until consent()', async () => {
    const known = page.create({ consent: { categories: { Analytics: true } } }).analytics
    const stamped = await known.track('a')
    expect(stamped).toMatchObject({
      ok: true,
      message: { context: { consent: { categoryPreferences: { Analytics: true } } } },
    })
    known.close()

    const { analytics, transport } = page.create({ consent: {} })
    let settled = false
    const held = analytics.track('held').then((r) => {
      settled = true
      return r
    })
    await analytics.ready()
    await Promise.resolve()
    expect(settled).toBe(false)
    analytics.consent({ Analytics: false })
    expect(await held).toMatchObject({
      ok: true,
      message: { context: { consent: { categoryPreferences: { Analytics: false } } } },
    })
    await analytics.flush()
    expect(transport.delivered().map((m) => m.event)).toEqual(['held'])

    const dropping = page.create({ consent: { wait: 'drop' } }).analytics
    expect(await dropping.track('x')).toEqual({ ok: false, reason: 'track: no consent' })
    dropping.consent({})
    expect(await dropping.track('y')).toMatchObject({
      ok: true,
      message: { context: { consent: { categoryPreferences: {} } } },
    })
  })

  it('honours GPC and Do Not Track only when honorPrivacySignals is on', async () => {
    const nav = navigator as { globalPrivacyControl?: boolean }
    Object.defineProperty(nav, 'globalPrivacyControl', { value: true, configurable: true })
    try {
      const off = page.create().analytics
      expect(await off.track('a')).toMatchObject({ ok: true })
      const { analytics, transport } = page.create({ honorPrivacySignals: true })
      expect(await analytics.track('b')).toEqual({ ok: false, reason: 'track: opted out' })
      await analytics.flush()
      expect(transport.sends).toHaveLength(0)
    } finally {
      delete nav.globalPrivacyControl
    }
    Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true })
    try {
      const dnt = page.create({ honorPrivacySignals: true }).analytics
      expect(await dnt.page()).toEqual({ ok: false, reason: 'page: opted out' })
    } finally {
      delete (navigator as { doNotTrack?: string }).doNotTrack
    }
  })

  it('optOut and reset clear the queue: queued events are dropped as cleared, never sent', async () => {
    const store = createMemoryStore()
    const { analytics, transport } = page.create({ store, flushInterval: 60_000 })
    const codes: string[] = []
    analytics.on('dropped', ({ events, code }) => codes.push(`${code} ${events.length}`))
    await analytics.identify('u1', { plan: 'pro' })
    await analytics.track('a')
    const racing = analytics.track('made before reset') // not yet queued when reset runs
    const anonymousId = analytics.user().anonymousId()
    await analytics.reset()
    expect(await racing).toEqual({ ok: false, reason: 'track: cleared' })
    expect(await store.count()).toBe(0)
    expect(codes).toEqual(['cleared 2'])
    expect(analytics.user().id()).toBeNull()
    expect(analytics.user().traits()).toEqual({})
    expect(analytics.user().anonymousId()).not.toBe(anonymousId)

    await analytics.track('b')
    await analytics.optOut()
    expect(await store.count()).toBe(0)
    analytics.optIn()
    await analytics.track('c')
    await analytics.flush()
    expect(transport.delivered().map((m) => m.event)).toEqual(['c'])
  })
})
