import { buildSdkBundle, ensureSdkBundle } from '@clickstream/local'
import type { Loopback } from '@clickstream/test-support'
import { chromiumAvailable, launchChromium, waitFor } from '@clickstream/test-support'
import type { Browser, CDPSession } from 'playwright-core'
import {
  type CountingCollector,
  startCountingCollector,
  WRITE_KEY,
} from '../support/counting-collector.js'
import { loadClickstream, loadSegment, trackMany } from '../support/in-page.js'
import { startPageServer } from '../support/page-server.js'
import type { Part } from '../support/part.js'
import { fmt, fmtSpread, ratio, type Spread, spread } from '../support/stats.js'
import { peerVersion } from '../support/versions.js'

const sdks = ['clickstream', 'segment'] as const
type Sdk = (typeof sdks)[number]

interface Sample {
  loadWallMs: number
  loadTaskMs: number
  trackCallMs: number
  trackTaskMs: number
  deliverWallMs: number
  bytesPerEvent: number
  requestsPerEvent: number
  preflightsPerEvent: number
}

/** Main-thread task time so far (CDP `Performance.getMetrics` TaskDuration), in ms. */
async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000
}

async function runOnce(
  browser: Browser,
  sdk: Sdk,
  site: Loopback,
  collector: CountingCollector,
  events: number,
): Promise<Sample> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(`${site.url}/`)
    collector.reset()
    const t0 = await taskMs(cdp)
    const loadWallMs = (await page.evaluate(
      sdk === 'clickstream'
        ? loadClickstream(WRITE_KEY, collector.url)
        : loadSegment(WRITE_KEY, `${site.url}/cdn`),
    )) as number
    const t1 = await taskMs(cdp)
    const before = collector.traffic()
    const started = performance.now()
    const trackCallMs = (await page.evaluate(trackMany(events))) as number
    await waitFor(() => collector.accepted() >= events, {
      what: `${sdk}: ${events} events at the collector`,
      deadline: 120_000,
      interval: 50,
    })
    const deliverWallMs = performance.now() - started
    const t2 = await taskMs(cdp)
    const after = collector.traffic()
    return {
      loadWallMs,
      loadTaskMs: t1 - t0,
      trackCallMs,
      trackTaskMs: t2 - t1,
      deliverWallMs,
      bytesPerEvent: (after.bodyBytes - before.bodyBytes) / events,
      requestsPerEvent: (after.posts - before.posts) / events,
      preflightsPerEvent: (after.preflights - before.preflights) / events,
    }
  } finally {
    await context.close()
  }
}

const metrics: [string, keyof Sample, number][] = [
  ['load: wall time, script tag to ready (ms)', 'loadWallMs', 1],
  ['load: main-thread task time (ms, CDP TaskDuration)', 'loadTaskMs', 1],
  ['track() × N: time in the calls (ms)', 'trackCallMs', 1],
  ['track() × N until all delivered: main-thread task time (ms)', 'trackTaskMs', 0],
  ['track() × N until all delivered: wall time (ms)', 'deliverWallMs', 0],
  ['request-body bytes on the wire per event', 'bytesPerEvent', 0],
  ['POST requests per event', 'requestsPerEvent', 3],
  ['CORS preflights per event', 'preflightsPerEvent', 3],
]

export const browserPart: Part = {
  id: 'browser',
  title: 'Browser SDK runtime (real Chromium)',
  async run({ tiny, log }) {
    if (!chromiumAvailable())
      return { markdown: 'Not measured: no Chromium on this machine.', goals: [] }
    tiny ? ensureSdkBundle() : buildSdkBundle()
    const events = tiny ? 50 : 1_000
    const runs = tiny ? 1 : 5
    const collector = await startCountingCollector()
    const site = await startPageServer(collector.url, WRITE_KEY)
    const browser = await launchChromium()
    const version = browser.version()
    const samples: Record<Sdk, Sample[]> = { clickstream: [], segment: [] }
    try {
      for (let run = 0; run < runs; run++)
        for (const sdk of sdks) {
          const sample = await runOnce(browser, sdk, site, collector, events)
          samples[sdk].push(sample)
          log(`browser: run ${run + 1}/${runs} ${sdk}: ${JSON.stringify(sample)}`)
        }
    } finally {
      await browser.close()
      await site.close()
      await collector.close()
    }
    const spreads = (sdk: Sdk, key: keyof Sample): Spread => spread(samples[sdk].map((s) => s[key]))
    const rows = metrics.map(([label, key, digits]) => {
      const ours = spreads('clickstream', key)
      const theirs = spreads('segment', key)
      return `| ${label.replace('N', fmt(events))} | ${fmtSpread(ours, digits)} | ${fmtSpread(theirs, digits)} | ${ratio(ours.median, theirs.median)} |`
    })
    return {
      markdown: [
        `Debian Chromium ${version} (headless, playwright-core), ${runs} run(s) per SDK interleaved, each in a fresh`,
        `browser context (empty storage); ${fmt(events)} \`track('Product Viewed', {4 properties})\` calls in a loop, then`,
        'wait until the collector holds them all. Both SDKs send to the real collector (`createApp`, memory',
        'sink, `@hono/node-server`) on another loopback origin than the page, so requests are cross-origin as',
        `on a real site. \`@segment/analytics-next\` ${peerVersion('@segment/analytics-next')} is its script-tag build (\`standalone.js\`)`,
        'with the snippet globals; its source settings (Segment.io destination only, `apiHost` at our',
        'collector, `protocol: http`, metrics off) and its on-demand chunks come from a loopback stand-in for',
        'its CDN. Both use their defaults otherwise (ours: IndexedDB queue, batches of 20; Segment: one',
        'request per event to `/v1/t`, localStorage retry queue). Main-thread task time is CDP',
        '`Performance.getMetrics` `TaskDuration` over the phase. Median (min–max); ratio = ours ÷ Segment.',
        '',
        `| metric | @clickstream/sdk-browser | @segment/analytics-next ${peerVersion('@segment/analytics-next')} | ratio |`,
        '|---|---|---|---|',
        ...rows,
      ].join('\n'),
      goals: [],
    }
  },
}
