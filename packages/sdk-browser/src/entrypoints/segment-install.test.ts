import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMemoryTransport, type MemoryTransport } from '@clickstream/sdk-core'
import { waitFor } from '@clickstream/test-support'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installSegment, type SegmentAnalytics } from './segment-install.js'

const here = dirname(fileURLToPath(import.meta.url))
/** Segment's stock snippet, verbatim (test/fixtures/README.md), without its <script> tags. */
const snippet = readFileSync(join(here, '../../test/fixtures/segment-snippet.html'), 'utf8')
  .replace(/^<script>\n/, '')
  .replace(/<\/script>\n$/, '')
const HOST = 'https://collect.example'
type Win = Window & Record<string, unknown>
const win = window as unknown as Win

const happyDOM = (window as unknown as { happyDOM?: { settings: Record<string, unknown> } })
  .happyDOM
if (happyDOM) {
  // happy-dom does not run the script the snippet adds: the tests install the build themselves.
  happyDOM.settings.disableJavaScriptFileLoading = true
  happyDOM.settings.handleDisabledFileLoadingAsSuccess = true
}

/** Runs the stock snippet as a page would: our host, a write key, and `extra` after its `load`. */
function runSnippet(extra = '', writeKey = 'wk_seg') {
  new Function(
    snippet
      .replace('https://cdn.segment.com', HOST)
      .replaceAll('YOUR_WRITE_KEY', writeKey)
      .replace('analytics.page();', `analytics.page();${extra}`),
  )()
}
const stub = () => win.analytics as unknown as SegmentAnalytics
/** The script element the snippet inserted: what `document.currentScript` is in the browser. */
const script = () =>
  document.querySelector<HTMLScriptElement>('script[data-global-segment-analytics-key]')

let transport: MemoryTransport
let api: SegmentAnalytics | undefined
const install = (overrides = {}) => {
  api = installSegment(win, script(), { transport, storage: 'memory', ...overrides })
  if (!api) throw new Error('not installed')
  return api
}
const delivered = async () => {
  await api?.flush()
  return transport.delivered()
}

beforeEach(() => {
  transport = createMemoryTransport()
  history.replaceState(null, '', '/a?from=test')
  document.title = 'Page A'
  document.head.append(document.createElement('script')) // the snippet inserts before the first one
})
afterEach(() => {
  api?.close()
  api = undefined
  delete win.analytics
  for (const s of document.querySelectorAll('script, link, a, form')) s.remove()
  localStorage.clear()
  // biome-ignore lint/suspicious/noDocumentCookie: clearing the anonymous id the SDK wrote
  document.cookie = 'cs_aid=;path=/;max-age=0'
  vi.restoreAllMocks()
})

describe('the Segment build taking over the stock snippet', () => {
  it('replays the queue in order, each call with the page it was made on, without the bpc argument', async () => {
    runSnippet("analytics.track('Clicked', { n: 1 }); analytics.identify('u1', { plan: 'pro' });")
    // A single-page app moves on before the script arrives.
    history.pushState(null, '', '/b?step=2')
    document.title = 'Page B'
    stub().track('On B')
    expect(Array.isArray(win.analytics)).toBe(true)
    const analytics = install()
    expect(win.analytics).toBe(analytics)
    expect(analytics.initialized).toBe(true)
    await analytics.track('Live', { live: true })

    const messages = await delivered()
    expect(messages.map((m) => m.event ?? m.type)).toEqual([
      'page',
      'Clicked',
      'identify',
      'On B',
      'Live',
    ])
    const [page, clicked, identify, onB, live] = messages
    const pageA = {
      url: `${location.origin}/a?from=test`,
      path: '/a',
      search: '?from=test',
      title: 'Page A',
    }
    for (const m of [page, clicked, identify]) expect(m?.context).toMatchObject({ page: pageA })
    expect(page?.properties).toMatchObject(pageA)
    expect(clicked?.properties).toEqual({ n: 1 })
    expect(identify).toMatchObject({ userId: 'u1', traits: { plan: 'pro' } })
    expect(onB?.context).toMatchObject({ page: { path: '/b', title: 'Page B' } })
    expect(live?.context).toMatchObject({ page: { path: '/b' } })
    expect(JSON.stringify(messages)).not.toContain('bpc')
  })

  it('reads the canonical link into the page, as analytics.js does', async () => {
    const link = document.createElement('link')
    link.rel = 'canonical'
    link.href = 'https://shop.example/products/1'
    document.head.append(link)
    runSnippet("analytics.page('Docs', 'Product', { sku: 'p1' });")
    install()
    const [, named] = await delivered()
    expect(named).toMatchObject({
      category: 'Docs',
      name: 'Product',
      properties: {
        sku: 'p1',
        path: '/products/1',
        url: 'https://shop.example/products/1?from=test',
      },
      context: { page: { path: '/products/1' } },
    })
  })

  it('keeps each call shape: options, a missing name or previous id, traits without a user id', async () => {
    runSnippet(
      [
        "analytics.track('With options', { a: 1 }, { context: { page: { title: 'Mine' } }, integrations: { X: false } });",
        "analytics.page('Home');",
        "analytics.identify({ plan: 'team' });",
        "analytics.alias('u2');",
        "analytics.group('g1', { seats: 3 });",
        "analytics.screen('Settings');",
      ].join(''),
    )
    install()
    const [, track, home, identify, alias, group, screen] = await delivered()
    expect(track).toMatchObject({
      properties: { a: 1 },
      integrations: { X: false },
      context: { page: { title: 'Mine', path: '/a' } },
    })
    expect(home).toMatchObject({ name: 'Home', properties: { path: '/a' } })
    expect(home?.category).toBeUndefined()
    expect(identify).toMatchObject({ traits: { plan: 'team' } })
    expect(alias).toMatchObject({ userId: 'u2', context: { page: { path: '/a' } } })
    expect(group).toMatchObject({ groupId: 'g1', traits: { seats: 3 } })
    expect(screen).toMatchObject({ name: 'Settings', context: { page: { path: '/a' } } })
  })

  it('takes the write key from the snippet, else the script path, and the host from the script', async () => {
    const bodies: [string, string][] = []
    const fetch = (async (url: string, init: RequestInit) => {
      bodies.push([url, await (init.body as Blob).text()])
      return new Response('{"ok":true}')
    }) as unknown as typeof globalThis.fetch
    runSnippet('', 'wk_path')
    delete (win.analytics as Record<string, unknown>)._writeKey
    api = installSegment(win, script(), { storage: 'memory', fetch })
    await api?.flush()
    expect(bodies[0]?.[0]).toBe(`${HOST}/v1/batch`)
    expect(JSON.parse(bodies[0]?.[1] ?? '{}')).toMatchObject({ writeKey: 'wk_path' })
  })

  it('maps load options: Segment.io apiHost, integrations, initialPageview; warns about the rest under debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const urls: string[] = []
    const fetch = (async (url: string) => {
      urls.push(url)
      return new Response('{"ok":true}')
    }) as unknown as typeof globalThis.fetch
    runSnippet('analytics.debug();')
    Object.assign(stub(), {
      _loadOptions: {
        integrations: { 'Segment.io': { apiHost: 'api.collect.example/v1' }, Amplitude: false },
        initialPageview: true,
        obfuscate: true,
      },
    })
    const analytics = install({ fetch, transport: undefined })
    const result = await analytics.track('T')
    expect(result).toMatchObject({ ok: true, message: { integrations: { Amplitude: false } } })
    await analytics.flush()
    expect(urls[0]).toBe('https://api.collect.example/v1/batch')
    expect(warn).toHaveBeenCalledWith('[clickstream] load option obfuscate: ignored')
    analytics.register()
    expect(warn).toHaveBeenCalledWith('[clickstream] register: not supported')
  })

  it('answers a stale reference to the snippet through the loaded object', async () => {
    runSnippet()
    const old = stub()
    install()
    old.track('Stale')
    expect((await delivered()).map((m) => m.event ?? m.type)).toEqual(['page', 'Stale'])
  })
})

describe("the Segment build's methods", () => {
  it('trackLink tracks the click and then follows the link; trackForm tracks and then submits', async () => {
    runSnippet()
    const analytics = install()
    const a = document.createElement('a')
    a.href = '#next'
    a.dataset.id = 'cta'
    document.body.append(a)
    analytics.trackLink(a, 'Link Clicked', (el: HTMLElement) => ({ id: el.dataset.id }))
    const form = document.createElement('form')
    document.body.append(form)
    const submit = vi.spyOn(form, 'submit').mockImplementation(() => {})
    analytics.trackForm([form], (el: HTMLFormElement) => `Form ${el.tagName}`)

    const click = new MouseEvent('click', { cancelable: true, bubbles: true })
    a.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    await waitFor(() => location.hash === '#next', { what: 'the link followed' })
    const sent = new Event('submit', { cancelable: true })
    form.dispatchEvent(sent)
    expect(sent.defaultPrevented).toBe(true)
    await waitFor(() => submit.mock.calls.length === 1, { what: 'the form submitted' })
    const messages = await delivered()
    expect(messages.slice(1)).toMatchObject([
      { event: 'Link Clicked', properties: { id: 'cta' } },
      { event: 'Form FORM' },
    ])
  })

  it('on/once/off hear calls, setAnonymousId sets the id, pageview pages a path', async () => {
    runSnippet()
    const analytics = install()
    const heard: unknown[][] = []
    const onTrack = (...args: unknown[]) => heard.push(['on', ...args])
    analytics.on('track', onTrack)
    analytics.once('track', (...args: unknown[]) => heard.push(['once', args[0]]))
    expect(analytics.setAnonymousId('anon-1')).toBe('anon-1')
    await analytics.track('One', { n: 1 })
    analytics.off('track', onTrack)
    await analytics.track('Two')
    await analytics.pageview('/virtual')
    await waitFor(() => heard.length === 2)
    expect(heard[0]?.slice(0, 3)).toEqual(['on', 'One', { n: 1 }])
    expect(heard[0]?.[3]).toMatchObject({ type: 'track', anonymousId: 'anon-1' })
    expect(heard[1]).toEqual(['once', 'One'])
    const messages = await delivered()
    expect(messages.at(-1)).toMatchObject({ type: 'page', properties: { path: '/virtual' } })
    expect(messages.at(-2)?.anonymousId).toBe('anon-1')
  })

  it('addSourceMiddleware rewrites with next(payload), drops with next(null) or without next', async () => {
    runSnippet(
      [
        'analytics.addSourceMiddleware(function (m) { m.payload.obj.properties = Object.assign({}, m.payload.obj.properties, { seen: true }); m.next(m.payload) });',
        "analytics.addSourceMiddleware(function (m) { if (m.payload.obj.event === 'Drop me') m.next(null); else m.next(m.payload) });",
        "analytics.addSourceMiddleware(function (m) { if (m.payload.obj.event !== 'Forgotten') m.next(m.payload) });",
      ].join(''),
    )
    const analytics = install()
    const results = await Promise.all([
      analytics.track('Kept'),
      analytics.track('Drop me'),
      analytics.track('Forgotten'),
    ])
    expect(results.map((r) => r.ok)).toEqual([true, false, false])
    const messages = await delivered()
    expect(
      messages.map((m) => [m.event ?? m.type, (m.properties as { seen?: true }).seen]),
    ).toEqual([
      ['page', true],
      ['Kept', true],
    ])
  })
})
