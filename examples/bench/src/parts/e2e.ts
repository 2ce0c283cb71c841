import { localConfigSchema, type RunningPipeline, startLocalPipeline } from '@clickstream/local'
import { createDynamoDbSessionStore } from '@clickstream/sessionizer-lambda'
import { chromiumAvailable, launchChromium, waitFor } from '@clickstream/test-support'
import type { Browser } from 'playwright-core'
import { createLoadGenerator, type StepResult } from '../support/load.js'
import type { Part } from '../support/part.js'
import { fmt, fmtSpread, percentile, spread } from '../support/stats.js'

/** A step keeps up when the collector takes what is offered and the sessionizer is ≤ 5 s behind. */
const MAX_BEHIND_MS = 5_000
const keepsUp = (s: StepResult) =>
  s.failed === 0 && s.accepted >= 0.95 * s.offered && s.behindMs <= MAX_BEHIND_MS

const variants = {
  flush: 'track() then flush()',
  batched: 'track() alone (SDK batching: sent within flushInterval, 1 s)',
} as const
type Variant = keyof typeof variants

async function startPipeline(): Promise<RunningPipeline> {
  return startLocalPipeline(
    localConfigSchema.parse({
      collectorPort: 0,
      webPort: 0,
      kinesisPort: 0,
      dynamodbPort: 0,
      inMemory: true,
    }),
  )
}

/** Latency from `track()` in the demo site to the session row counting the event, in ms. */
async function latencies(browser: Browser, pipeline: RunningPipeline, samples: number) {
  const store = createDynamoDbSessionStore({
    client: pipeline.dynamodb,
    tableName: pipeline.config.table,
  })
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${pipeline.urls.web}/`)
    await page.waitForFunction('window.analytics && window.analytics.invoked')
    const key = (await page.evaluate(
      '(async () => (await window.analytics.user()).anonymousId())()',
    )) as string
    const counted = async () =>
      (await store.sessionsOfKey(key)).reduce((n, s) => n + s.eventCount, 0)
    const until = (events: number) =>
      waitFor(async () => (await counted()) >= events, {
        what: `e2e: event ${events} in a session`,
        deadline: 60_000,
        interval: 20,
      })
    await until(1) // the page view of the home page
    let expected = await counted()
    const out: Record<Variant, number[]> = { flush: [], batched: [] }
    for (let i = 0; i < samples; i++)
      for (const variant of Object.keys(variants) as Variant[]) {
        const call = `window.analytics.track('Bench Ping', { n: ${i} })`
        const started = performance.now()
        await page.evaluate(
          variant === 'flush' ? `${call}; window.analytics.flush(); 0` : `${call}; 0`,
        )
        await until(++expected)
        out[variant].push(performance.now() - started)
      }
    return out
  } finally {
    await context.close()
  }
}

async function ramp(pipeline: RunningPipeline, rates: number[], seconds: number) {
  const load = createLoadGenerator({
    collector: pipeline.urls.collector,
    writeKey: pipeline.config.writeKey,
    processed: () => pipeline.poller.stats().records,
  })
  const steps: (StepResult & { pollerMillisBehind: number })[] = []
  for (const rate of rates) {
    const step = await load.step(rate, seconds)
    steps.push({ ...step, pollerMillisBehind: pipeline.poller.stats().millisBehindLatest })
    if (!keepsUp(step)) break
  }
  return steps
}

export const e2ePart: Part = {
  id: 'e2e',
  title: 'End to end on the local pipeline',
  async run({ tiny, log }) {
    if (!chromiumAvailable())
      return { markdown: 'Not measured: no Chromium on this machine.', goals: [] }
    const runs = tiny ? 1 : 3
    const samples = tiny ? 2 : 10
    const rates = tiny ? [100, 200] : [250, 500, 1_000, 2_000, 4_000, 8_000]
    const seconds = tiny ? 2 : 10
    const browser = await launchChromium()
    const lat: Record<Variant, { p50: number[]; p95: number[] }> = {
      flush: { p50: [], p95: [] },
      batched: { p50: [], p95: [] },
    }
    const sustained: number[] = []
    let reachedTop = 0
    const stepLines: string[] = []
    try {
      for (let run = 0; run < runs; run++) {
        const pipeline = await startPipeline()
        try {
          const measured = await latencies(browser, pipeline, samples)
          for (const variant of Object.keys(variants) as Variant[]) {
            lat[variant].p50.push(percentile(measured[variant], 50))
            lat[variant].p95.push(percentile(measured[variant], 95))
          }
          log(`e2e: run ${run + 1}/${runs} latencies ${JSON.stringify(measured)}`)
          const steps = await ramp(pipeline, rates, seconds)
          log(`e2e: run ${run + 1}/${runs} ramp ${JSON.stringify(steps)}`)
          sustained.push(Math.max(0, ...steps.filter(keepsUp).map((s) => s.offered)))
          if (steps.length === rates.length && steps.every(keepsUp)) reachedTop++
          for (const s of steps)
            stepLines.push(
              `| ${run + 1} | ${fmt(s.offered)} | ${fmt(s.accepted)} | ${fmt(s.sessionized)} | ${fmt(s.behindMs / 1000, 1)} | ${fmt(s.pollerMillisBehind)} | ${s.failed} | ${keepsUp(s) ? 'yes' : 'no'} |`,
            )
        } finally {
          await pipeline.stop()
        }
      }
    } finally {
      await browser.close()
    }
    return {
      markdown: [
        '`startLocalPipeline` with its defaults (what `pnpm start` runs): kinesalite (2 shards) and dynalite',
        'in process, the collector with the Kinesis sink, the sessionizer handler fed by the local poller',
        '(batch 100, batching window 500 ms, poll interval 250 ms) writing to dynalite, and the demo shop.',
        'Everything, and the load generator, share one Node process on the shared 2-core machine.',
        `${runs} run(s), each on a fresh pipeline.`,
        '',
        '### Latency: `track()` in Chromium → session row updated',
        '',
        `The demo shop in Chromium (our SDK from its snippet); ${samples} samples per variant and run, one`,
        "event at a time; the clock stops when the browser's session item in DynamoDB counts the event",
        '(polled every 20 ms). p50 and p95 per run, median (min–max) over runs.',
        '',
        '| variant | p50 ms | p95 ms |',
        '|---|---|---|',
        ...(Object.keys(variants) as Variant[]).map(
          (v) =>
            `| ${variants[v]} | ${fmtSpread(spread(lat[v].p50))} | ${fmtSpread(spread(lat[v].p95))} |`,
        ),
        '',
        '### Sustained events/s before the sessionizer lags',
        '',
        `A ramp of offered load (${rates.map((r) => fmt(r)).join(', ')} events/s, ${seconds} s each, 20-event`,
        'batches of 200 browsers POSTed to `/v1/batch`), stopping at the first step that does not keep up:',
        `a step keeps up when every request is acknowledged, ≥ 95 % of the offered rate is accepted and the`,
        `sessionizer is at most ${MAX_BEHIND_MS / 1000} s behind at its end. "Behind" is the age of the oldest acknowledged`,
        'batch not yet processed by the poller: `poller.stats().millisBehindLatest` is shown too, but kinesalite',
        'always answers `MillisBehindLatest: 0` for an open shard, so it cannot show lag locally.',
        '',
        `**Sustained: ${fmtSpread(spread(sustained))} events/s** (highest step that kept up; median (min–max) over runs)` +
          (reachedTop > 0
            ? `; in ${reachedTop} of ${runs} run(s) the top of the ramp kept up, so the ceiling is higher.`
            : '.'),
        '',
        '| run | offered ev/s | accepted ev/s | sessionized ev/s | behind at end (s) | poller millisBehindLatest | failed events | keeps up |',
        '|---:|---:|---:|---:|---:|---:|---:|---|',
        ...stepLines,
      ].join('\n'),
      goals: [],
    }
  },
}
