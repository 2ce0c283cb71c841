import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '@clickstream/collector'
import { type RunningCollector, startNodeCollector } from '@clickstream/collector/node'
import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import {
  chromiumAvailable,
  type Loopback,
  launchChromium,
  serveLoopback,
  waitFor,
} from '@clickstream/test-support'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtScript } from '../scripts/built.js'

/*
 * Segment's stock snippet, verbatim (test/fixtures/README.md), on a page whose only change is the
 * host: it loads the Segment build (dist/analytics.min.js, the real rollup build) from the Node
 * collector's /analytics.js/v1/<writeKey>/analytics.min.js, which takes over the snippet's queue
 * and delivers to the same collector, which writes to Kinesis (kinesalite). Real Chromium.
 */

const WRITE_KEY = 'wk_segment_snippet'
const here = dirname(fileURLToPath(import.meta.url))
const snippet = readFileSync(join(here, 'fixtures/segment-snippet.html'), 'utf8')

describe.runIf(chromiumAvailable())(
  "Segment's stock snippet, host changed, in Chromium → collector → kinesalite",
  () => {
    let browser: Browser
    let kinesis: LocalKinesis
    let collector: RunningCollector
    let site: Loopback

    const events = async (): Promise<EnrichedMessage[]> =>
      (await kinesis.readAll('events')).flatMap((r) => decodeEnvelope(r.data).events)

    beforeAll(async () => {
      process.env.AWS_ACCESS_KEY_ID ??= 'test'
      process.env.AWS_SECRET_ACCESS_KEY ??= 'test'
      const script = builtScript('analytics.min.js')
      // Page A: the snippet (its own page() call), calls before the script arrives, then the
      // single-page app moves to page B, all before the async script can run.
      site = await serveLoopback((request) => {
        if (new URL(request.url).pathname !== '/a') return new Response(null, { status: 404 })
        const page = snippet
          .replace('https://cdn.segment.com', collector.url)
          .replaceAll('YOUR_WRITE_KEY', WRITE_KEY)
        return new Response(
          `<!doctype html><html><head><title>Page A</title>
<link rel="icon" href="data:,">
${page}
<script>
analytics.identify('user-1', { plan: 'pro' });
analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 });
history.pushState(null, '', '/b?moved=1');
document.title = 'Page B';
</script></head><body><h1>Shop</h1></body></html>`,
          { headers: { 'content-type': 'text/html; charset=utf-8' } },
        )
      })
      kinesis = await startKinesalite()
      await kinesis.createStream('events', 1)
      await kinesis.createStream('rejected', 1)
      collector = await startNodeCollector(
        loadConfig({
          PORT: '0',
          KINESIS_STREAM: 'events',
          REJECTED_STREAM: 'rejected',
          KINESIS_ENDPOINT: kinesis.endpoint,
          SOURCES: JSON.stringify({ [WRITE_KEY]: { id: 'web', allowedOrigins: [site.url] } }),
          SEGMENT_SCRIPT_FILE: script,
          LOG_LEVEL: 'silent',
        }),
      )
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await collector?.close()
      await kinesis?.close()
      await site?.close()
    })

    it('delivers page/identify/track through our bundle, each with the page it was made on', async () => {
      const context = await browser.newContext()
      const scripts: { status: number; encoding: string | undefined; cache: string }[] = []
      try {
        const page = await context.newPage()
        page.on('response', (response) => {
          if (!response.url().endsWith('/analytics.min.js')) return
          const headers = response.headers()
          scripts.push({
            status: response.status(),
            encoding: headers['content-encoding'],
            cache: headers['cache-control'] ?? '',
          })
        })
        await page.goto(`${site.url}/a?from=snippet`)
        await page.waitForFunction(
          () =>
            (window as unknown as { analytics: { initialized?: boolean } }).analytics.initialized,
        )
        expect(page.url()).toBe(`${site.url}/b?moved=1`)
        await page.evaluate(() =>
          (
            window as unknown as { analytics: { track(e: string): Promise<unknown> } }
          ).analytics.track('After load'),
        )
        await waitFor(async () => (await events()).length >= 4, {
          what: 'four events in the stream',
          deadline: 20_000,
        })
      } finally {
        await context.close()
      }
      // Chromium asks for brotli from a secure context, which loopback is: the brotli copy decoded.
      expect(scripts[0]).toMatchObject({ status: 200, encoding: 'br' })
      expect(scripts[0]?.cache).toContain('max-age=300')

      const stored = await events()
      expect(stored.map((e) => e.event ?? e.type)).toEqual([
        'page',
        'identify',
        'Product Viewed',
        'After load',
      ])
      const [pageview, identify, viewed, after] = stored
      const pageA = {
        url: `${site.url}/a?from=snippet`,
        path: '/a',
        search: '?from=snippet',
        title: 'Page A',
      }
      for (const e of [pageview, identify, viewed]) expect(e?.context?.page).toMatchObject(pageA)
      expect(pageview?.properties).toMatchObject(pageA)
      expect(viewed).toMatchObject({
        userId: 'user-1',
        properties: { product_id: 'p-1', price: 12.5 },
        context: { library: { name: '@clickstream/sdk-browser' } },
      })
      expect(identify).toMatchObject({ userId: 'user-1', traits: { plan: 'pro' } })
      expect(after?.context?.page).toMatchObject({ path: '/b', title: 'Page B' })
      expect(new Set(stored.map((e) => e.anonymousId)).size).toBe(1)
      expect(JSON.stringify(stored)).not.toContain('bpc')
      expect(await kinesis.readAll('rejected')).toEqual([])
    })
  },
)
