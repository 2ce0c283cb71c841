import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createApp, createMemorySink, createMetrics, type Metrics } from '@clickstream/collector'
import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import {
  chromiumAvailable,
  type Loopback,
  launchChromium,
  serveLoopback,
  waitFor,
} from '@clickstream/test-support'
import { Hono } from 'hono'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { modulePath } from '../src/support/paths.js'

/*
 * RudderStack's JS SDK, unchanged (its bundled build: plugins inside, nothing from its CDN), in
 * real Chromium against the collector on another loopback origin: the source config, per-event,
 * batched and beacon delivery, anonymous events (it sends `"userId": ""` before identify) landing.
 */

const WRITE_KEY = 'rudder-js-key'
const bundle = join(modulePath('@rudderstack/analytics-js'), 'dist/npm/modern/bundled/umd/index.js')

interface Collector extends Loopback {
  events(): EnrichedMessage[]
  metrics: Metrics
  /** Every request the collector answered, as `METHOD path status`. */
  requests: string[]
  /** The bodies of the POSTs, as sent. */
  bodies: string[]
}

/** The RudderStack SDK's API as this test uses it (the UMD build's `window.rudderanalytics`). */
interface Rudder {
  load(writeKey: string, dataPlaneUrl: string, options: Record<string, unknown>): void
  page(category: string, name: string): void
  track(event: string, properties: Record<string, unknown>): void
}

async function startCollector(siteOrigin: string): Promise<Collector> {
  const sink = createMemorySink()
  const metrics = createMetrics()
  const requests: string[] = []
  const bodies: string[] = []
  const app = createApp({
    sink,
    rejectSink: createMemorySink(),
    sources: { [WRITE_KEY]: { id: 'web', allowedOrigins: [siteOrigin] } },
    metrics,
  })
  const loopback = await serveLoopback(async (request) => {
    if (request.method === 'POST') bodies.push(await request.clone().text())
    const response = await app.fetch(request)
    requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`)
    return response
  })
  return {
    ...loopback,
    metrics,
    requests,
    bodies,
    events: () => sink.records.flatMap((r) => decodeEnvelope(r.data).events),
  }
}

describe.runIf(chromiumAvailable())('RudderStack JS SDK 3 (bundled) in Chromium', () => {
  let browser: Browser
  let site: Loopback
  let collector: Collector | undefined
  let context: BrowserContext | undefined

  beforeAll(async () => {
    const app = new Hono()
    app.get('/', (c) =>
      c.html('<!doctype html><html><head><title>Shop</title></head><body></body></html>'),
    )
    app.get('/rsa.js', async (c) =>
      c.body(await readFile(bundle, 'utf8'), 200, { 'content-type': 'text/javascript' }),
    )
    site = await serveLoopback(app.fetch)
    browser = await launchChromium()
  })
  afterEach(async () => {
    await context?.close()
    await collector?.close()
    context = undefined
    collector = undefined
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  /** Loads the SDK with `options`, sends an anonymous page and two tracks, and unloads the page. */
  async function run(options: Record<string, unknown>) {
    collector = await startCollector(site.url)
    context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${site.url}/`)
    await page.addScriptTag({ url: '/rsa.js' })
    // Not waiting for onLoaded in the page: without a source config it never comes, and the
    // deadline below is what ends a failing run. The calls are buffered until the SDK is ready.
    await page.evaluate(
      ([key, url, opts]) => {
        const { RudderAnalytics } = (
          window as unknown as { rudderanalytics: { RudderAnalytics: new () => Rudder } }
        ).rudderanalytics
        const analytics = new RudderAnalytics()
        analytics.load(key, url, { configUrl: url, logLevel: 'ERROR', ...opts })
        analytics.page('Shop', 'Home')
        analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 })
        analytics.track('Product Added', { product_id: 'p-1' })
      },
      [WRITE_KEY, collector.url, options] as const,
    )
    const c = collector
    await waitFor(() => c.events().length >= 3, {
      what: '3 events at the collector',
      deadline: 10_000,
    })
    return c
  }

  const expectAnonymousEvents = (c: Collector) => {
    const events = c.events()
    // One request per event in the default mode: they may reach the collector in any order.
    expect(events.map((e) => (e.type === 'track' ? e.event : e.type)).sort()).toEqual([
      'Product Added',
      'Product Viewed',
      'page',
    ])
    const anonymousId = events[0]?.anonymousId
    expect(anonymousId).toMatch(/[0-9a-f-]{36}/)
    for (const e of events) {
      expect(e.anonymousId).toBe(anonymousId)
      expect(Object.hasOwn(e, 'userId')).toBe(false) // the SDK's "" was dropped
      expect(e.context?.library?.name).toBe('RudderLabs JavaScript SDK')
    }
    expect(events.find((e) => e.type === 'track' && e.event === 'Product Viewed')).toMatchObject({
      properties: { product_id: 'p-1', price: 12.5 },
    })
    expect(c.bodies.some((b) => b.includes('"userId":""'))).toBe(true) // what it sent
    expect(c.metrics.rejected).toBe(0)
    expect(c.requests.filter((r) => !/ 2\d\d$/.test(r))).toEqual([]) // no 404, no 401
    expect(c.requests).toContain('GET /sourceConfig/ 200')
    return new Set(c.requests.filter((r) => r.startsWith('POST')))
  }

  it('per event (the default): one request per event to /v1/<type>', async () => {
    const posts = expectAnonymousEvents(await run({}))
    expect(posts).toEqual(new Set(['POST /v1/page 200', 'POST /v1/track 200']))
  })

  it('batching: the events in /v1/batch requests', async () => {
    const c = await run({
      queueOptions: { batch: { enabled: true, maxItems: 3, flushInterval: 200 } },
    })
    expect(expectAnonymousEvents(c)).toEqual(new Set(['POST /v1/batch 200']))
  })

  it('beacon: sendBeacon to /beacon/v1/batch?writeKey=, text/plain, no Authorization', async () => {
    const c = await run({
      useBeacon: true,
      beaconQueueOptions: { maxItems: 3, flushQueueInterval: 200 },
    })
    expect(expectAnonymousEvents(c)).toEqual(new Set(['POST /beacon/v1/batch 200']))
  })
})
