import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import {
  chromiumAvailable,
  type Loopback,
  launchChromium,
  serveLoopback,
  waitFor,
} from '@clickstream/test-support'
import { build } from 'esbuild'
import { Hono } from 'hono'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/*
 * Segment's analytics.js (`@segment/analytics-next`, its npm build bundled by esbuild as a site
 * would), unchanged, with `cdnURL` pointed at the collector: it fetches its settings from the
 * collector (`/v1/projects/<writeKey>/settings`), which send the Segment.io destination back to
 * the collector, and delivers page, identify and track there. Real Chromium, two loopback origins.
 */

const WRITE_KEY = 'segment-cdn-key'
const APP = `
import { AnalyticsBrowser } from '@segment/analytics-next'
window.startAnalytics = (writeKey, cdnURL) => {
  const analytics = AnalyticsBrowser.load({ writeKey, cdnURL })
  analytics.page()
  analytics.identify('user-1', { plan: 'pro' })
  analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 })
}
`

describe.runIf(chromiumAvailable())(
  'analytics.js with cdnURL at the collector, in Chromium',
  () => {
    let browser: Browser
    let site: Loopback
    let collector: Loopback
    const sink = createMemorySink()
    const requests: string[] = []
    const events = (): EnrichedMessage[] =>
      sink.records.flatMap((r) => decodeEnvelope(r.data).events)

    beforeAll(async () => {
      const bundled = await build({
        stdin: { contents: APP, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        logLevel: 'error',
      })
      const script = bundled.outputFiles[0]?.text ?? ''
      const page = new Hono()
      page.get('/', (c) =>
        c.html('<!doctype html><html><head><title>Shop</title></head><body></body></html>'),
      )
      page.get('/app.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }))
      site = await serveLoopback(page.fetch)
      const app = createApp({
        sink,
        rejectSink: createMemorySink(),
        sources: { [WRITE_KEY]: { id: 'web', allowedOrigins: [site.url] } },
      })
      collector = await serveLoopback(async (request) => {
        const response = await app.fetch(request)
        requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`)
        return response
      })
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await site?.close()
      await collector?.close()
    })

    it('reads its settings from the collector and delivers page, identify and track through them', async () => {
      const context = await browser.newContext()
      try {
        const page = await context.newPage()
        await page.goto(`${site.url}/`)
        await page.addScriptTag({ url: '/app.js' })
        await page.evaluate(
          ([key, url]) =>
            (window as unknown as { startAnalytics(k: string, u: string): void }).startAnalytics(
              key,
              url,
            ),
          [WRITE_KEY, collector.url] as const,
        )
        await waitFor(() => events().length >= 3, {
          what: () => `3 events at the collector (requests: ${requests.join(', ')})`,
          deadline: 15_000,
        })
      } finally {
        await context.close()
      }
      expect(requests).toContain(`GET /v1/projects/${WRITE_KEY}/settings 200`)
      expect(
        events()
          .map((e) => e.type)
          .sort(),
      ).toEqual(['identify', 'page', 'track'])
      const track = events().find((e) => e.type === 'track')
      expect(track).toMatchObject({
        event: 'Product Viewed',
        properties: { product_id: 'p-1', price: 12.5 },
        context: { library: { name: 'analytics.js' } },
      })
      expect(requests.filter((r) => !/ 2\d\d$/.test(r))).toEqual([])
    })
  },
)
