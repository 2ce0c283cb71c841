import { chromiumAvailable, launchChromium, waitFor } from '@clickstream/test-support'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type TestCollector } from './support/collector.js'
import { type Site, startSite } from './support/site.js'

type Api = {
  track(event: string, properties?: object): Promise<{ ok: boolean }>
  page(): Promise<{ ok: boolean }>
}
/** Runs `analytics.track` for each name in the page, one after the other; resolves when all are queued. */
const track = (page: Page, names: string[]) =>
  page.evaluate(async (list) => {
    const { analytics } = window as unknown as { analytics: Api }
    for (const name of list) await analytics.track(name)
  }, names)

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`)
const events = (collector: TestCollector) =>
  collector.unique().map((m) => String(m.event ?? m.type))
/** `sendBeacon` labels its string bodies `text/plain;charset=UTF-8`; our fetch sends `text/plain`. */
const isBeacon = (contentType: string | undefined) => contentType?.includes('charset') ?? false

describe.runIf(chromiumAvailable())(
  'script tag in real Chromium against a collector on loopback',
  () => {
    let browser: Browser
    let context: BrowserContext
    let collector: TestCollector
    let site: Site

    const open = async (load: Record<string, unknown> = {}, inline = 'analytics.page();') => {
      collector = await startCollector()
      site = await startSite({
        collector: collector.url,
        load: { flushInterval: 100, retryBaseDelay: 50, retryMaxDelay: 400, ...load },
        inline,
      })
      context = await browser.newContext()
    }

    beforeAll(async () => {
      browser = await launchChromium()
    })
    afterEach(async () => {
      await context?.close()
      await site?.close()
      await collector?.close()
    })
    afterAll(async () => {
      await browser?.close()
    })

    it('replays calls made before the script loaded, in order, as text/plain without preflight', async () => {
      await open(
        {},
        "analytics.page(); analytics.identify('u1', { plan: 'pro' }); for (let i = 0; i < 5; i++) analytics.track('Pre ' + i, { i });",
      )
      const page = await context.newPage()
      await page.goto(`${site.url}/shop?utm_source=e2e`)
      await track(page, ['After load'])
      await waitFor(() => collector.unique().length >= 8, { what: '8 events', deadline: 30_000 })
      expect(events(collector)).toEqual(['page', 'identify', ...names('Pre', 5), 'After load'])
      const [pageview, identify, pre] = collector.unique()
      expect(pageview).toMatchObject({
        properties: { path: '/shop', title: 'Shop' },
        context: {
          library: { name: '@clickstream/sdk-browser' },
          page: { url: `${site.url}/shop?utm_source=e2e`, path: '/shop' },
          campaign: { source: 'e2e' },
          userAgent: expect.stringContaining('Chrome'),
        },
      })
      expect(identify).toMatchObject({ userId: 'u1', traits: { plan: 'pro' } })
      expect(pre).toMatchObject({
        userId: 'u1',
        anonymousId: pageview?.anonymousId,
        properties: { i: 0 },
      })
      expect(collector.accepted()).toHaveLength(8) // nothing sent twice
      expect(collector.rejected()).toBe(0) // every event valid for the collector
      expect(collector.requests.map((r) => r.method)).not.toContain('OPTIONS')
      for (const r of collector.requests) {
        expect(r.contentType).toBe('text/plain')
        expect(r.authorization).toBeUndefined()
      }
    })

    it('holds events while offline and delivers them once back online', async () => {
      await open()
      await context.clock.install() // page time flows as real time until the test moves it
      const page = await context.newPage()
      await page.goto(`${site.url}/shop`)
      await waitFor(() => collector.unique().length === 1, {
        what: 'the page view',
        deadline: 30_000,
      })
      await context.setOffline(true)
      await track(page, names('Offline', 5))
      // 1.5 s of page time offline, however busy the machine: 15 flush intervals and their retries.
      await page.clock.runFor(1500)
      expect(collector.unique()).toHaveLength(1)
      await context.setOffline(false)
      await waitFor(() => collector.unique().length === 6, {
        what: 'the offline events',
        deadline: 30_000,
      })
      expect(events(collector)).toEqual(['page', ...names('Offline', 5)])
    })

    it('delivers every event exactly once (after messageId dedupe) when half the requests fail', async () => {
      await open({ batchSize: 5 })
      let failures = 0
      collector.setFault((n) => {
        if (n % 2 === 0) return { type: 'ok' }
        failures++
        return failures % 2
          ? { type: 'fail', status: 500 }
          : { type: 'fail-after-accept', status: 503 }
      })
      const page = await context.newPage()
      await page.goto(`${site.url}/shop`)
      await track(page, names('Flaky', 40))
      await waitFor(() => collector.unique().length >= 41, {
        what: 'all 41 events',
        deadline: 60_000,
      })
      expect(events(collector)).toEqual(['page', ...names('Flaky', 40)])
      expect(collector.requests.filter((r) => r.status >= 500).length).toBeGreaterThanOrEqual(5)
      expect(collector.accepted().length).toBeGreaterThan(41) // accepted-then-failed batches came again
    })

    it('delivers events left pending at a reload from the persisted queue on the next load', async () => {
      await open({ flushInterval: 60_000 }, '')
      // The collector is down through the reload: the flush on hide and the unload beacon fail.
      collector.setFault(() => ({ type: 'fail', status: 503 }))
      const page = await context.newPage()
      await page.goto(`${site.url}/shop`)
      await track(page, names('Before reload', 3))
      // Nothing accepted before the reload (the start-up flush may already have tried and failed
      // under load: its queue read can see these events).
      expect(collector.unique()).toHaveLength(0)
      await page.reload()
      collector.setFault(() => ({ type: 'ok' }))
      await waitFor(() => collector.unique().length >= 3, {
        what: 'the pending events',
        deadline: 30_000,
      })
      expect(events(collector)).toEqual(names('Before reload', 3))
      expect(collector.requests.some((r) => isBeacon(r.contentType))).toBe(true) // the unload send was tried
    })

    it('delivers events left pending when the tab closed, on the next visit', async () => {
      await open({ flushInterval: 60_000 }, '')
      // The collector is down while the tab closes: the flush on hide and the unload beacon fail.
      collector.setFault(() => ({ type: 'fail', status: 503 }))
      const first = await context.newPage()
      await first.goto(`${site.url}/shop`)
      await track(first, names('Before close', 4))
      await first.close({ runBeforeUnload: true })
      expect(collector.unique()).toHaveLength(0)
      collector.setFault(() => ({ type: 'ok' }))
      const second = await context.newPage()
      await second.goto(`${site.url}/shop`)
      await waitFor(() => collector.unique().length >= 4, {
        what: 'the events of the closed tab',
        deadline: 30_000,
      })
      expect(events(collector)).toEqual(names('Before close', 4))
    })

    it('two tabs share the queue without sending any event twice', async () => {
      await open({ batchSize: 5, flushInterval: 50 })
      const [a, b] = [await context.newPage(), await context.newPage()]
      await Promise.all([a.goto(`${site.url}/shop`), b.goto(`${site.url}/shop`)])
      await Promise.all([track(a, names('A', 25)), track(b, names('B', 25))])
      await waitFor(() => collector.unique().length >= 52, {
        what: 'all 52 events',
        deadline: 60_000,
      })
      const sent = collector.requests.flatMap((r) => r.messageIds)
      expect(new Set(sent).size).toBe(sent.length) // never sent twice, at the same time or later
      const got = events(collector)
      expect(got.filter((e) => e.startsWith('A '))).toEqual(names('A', 25))
      expect(got.filter((e) => e.startsWith('B '))).toEqual(names('B', 25))
    })
  },
)
