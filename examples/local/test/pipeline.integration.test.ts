import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { enrichInputOf } from '@clickstream/enrich'
import { PortInUseError } from '@clickstream/local-aws'
import type { EnrichedMessage, Enrichment } from '@clickstream/schema'
import { waitFor } from '@clickstream/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { openLocalEnricher, type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { segmentBundlePath } from '../src/sdk-bundle.js'
import { lakeCounts, lakeRows } from './support/lake.js'
import { postBatch, sessionsWith, testConfig } from './support/pipeline.js'

const dataDir = mkdtempSync(join(tmpdir(), 'clickstream-local-'))
const config = testConfig({
  dataDir,
  gapMs: 5 * 60_000,
  batchingWindowMs: 50,
  lakeBufferIntervalMs: 100,
})

/** Waits until the lake holds `rows` rows (duplicates included). */
const lakeHolds = (lakeRoot: string, rows: number) =>
  waitFor(async () => (await lakeCounts(lakeRoot)).rows >= rows, {
    deadline: 30_000,
    interval: 50,
    what: `${rows} rows in the lake ${lakeRoot}`,
  })
let pipeline: RunningPipeline | undefined
afterAll(async () => {
  await pipeline?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const t0 = Date.parse('2026-11-01T10:00:00.000Z')
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString()
const page = (id: string, minutes: number, path: string) => ({
  type: 'page',
  messageId: id,
  anonymousId: 'anon-1',
  timestamp: at(minutes),
  name: path,
  context: { page: { path, url: `https://shop.example${path}`, title: path } },
})

const send = (batch: unknown[]) =>
  postBatch<{ ok: boolean; accepted: number }>(
    pipeline?.urls.collector as string,
    config.writeKey,
    batch,
  )

describe('the local pipeline', () => {
  it('turns events sent to the collector into sessions in dynalite, shown by the views', async () => {
    pipeline = await startLocalPipeline(config)
    const first = await send([
      page('m1', 0, '/'),
      {
        type: 'track',
        messageId: 'm2',
        anonymousId: 'anon-1',
        timestamp: at(1),
        event: 'Product Viewed',
      },
      page('m3', 2, '/product'),
      { type: 'identify', messageId: 'm4', anonymousId: 'anon-1', userId: 'ada', timestamp: at(3) },
      // idle past the 5-minute gap: a new session
      page('m5', 20, '/cart'),
      { type: 'track', anonymousId: 'anon-1' }, // invalid: rejected, never in a session
    ])
    expect(first).toMatchObject({ ok: true, accepted: 5 })
    const [one, two] = await sessionsWith(pipeline.urls.web, 5)
    expect(one).toMatchObject({
      eventCount: 4,
      pageViewCount: 2,
      trackCount: 1,
      userId: 'ada',
      landingPage: { path: '/' },
      exitPage: { path: '/product' },
      bounce: false,
      eventCounts: { 'Product Viewed': 1 },
    })
    expect(two).toMatchObject({
      eventCount: 1,
      userId: 'ada',
      landingPage: { path: '/cart' },
      bounce: true,
    })

    const detail = (await (
      await fetch(`${pipeline.urls.web}/api/sessions/${one?.sessionId}`)
    ).json()) as {
      events: { messageId: string }[]
    }
    expect(detail.events.map((e: { messageId: string }) => e.messageId)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
    ])
    // The demo shop's tracking plan (the default) flags the Product Viewed without a product_id:
    // stored with context.violations, and a plan_flagged record beside the invalid event's.
    type Feed = {
      kind: string
      reason?: string
      event?: { messageId: string; context?: { violations?: { path: string; code: string }[] } }
    }[]
    await waitFor(
      async () =>
        ((await (await fetch(`${pipeline?.urls.web}/api/events`)).json()) as unknown[]).length >= 7,
      { deadline: 30_000, interval: 50, what: 'seven entries in the debugger feed' },
    )
    const all = (await (await fetch(`${pipeline.urls.web}/api/events`)).json()) as Feed
    expect(all.filter((e) => e.kind === 'accepted')).toHaveLength(5)
    expect(
      all
        .filter((e) => e.kind === 'rejected')
        .map((e) => e.reason ?? 'invalid')
        .sort(),
    ).toEqual(['invalid', 'plan_flagged'])
    expect(all.find((e) => e.event?.messageId === 'm2')?.event?.context?.violations).toEqual([
      expect.objectContaining({ path: 'properties.product_id', code: 'required' }),
    ])

    // Segment's stock snippet, its host changed to the collector's, finds our build there.
    const script = await fetch(
      `${pipeline.urls.collector}/analytics.js/v1/${config.writeKey}/analytics.min.js`,
    )
    expect(script.status).toBe(200)
    expect(await script.text()).toBe(readFileSync(segmentBundlePath, 'utf8'))
  })

  it('fills the lake under the data directory: one row per accepted event, in its date partition', async () => {
    const lakeRoot = join(dataDir, 'lake')
    expect(pipeline?.lake?.lakeRoot).toBe(lakeRoot)
    await lakeHolds(lakeRoot, 5)
    const rows = await lakeRows(lakeRoot)
    expect(rows.map((r) => [r.message_id, r.type, r.event_date, r.page_path])).toEqual([
      ['m1', 'page', '2026-11-01', '/'],
      ['m2', 'track', '2026-11-01', null],
      ['m3', 'page', '2026-11-01', '/product'],
      ['m4', 'identify', '2026-11-01', null],
      ['m5', 'page', '2026-11-01', '/cart'],
    ])
    expect(rows.find((r) => r.message_id === 'm2')?.event).toBe('Product Viewed')
  })

  it('keeps everything across a restart and applies nothing twice', async () => {
    await pipeline?.stop()
    pipeline = await startLocalPipeline(config)
    // a re-sent event (same messageId) and a new one bridging nothing
    expect(await send([page('m5', 20, '/cart'), page('m6', 21, '/checkout')])).toMatchObject({
      accepted: 2,
    })
    const list = await sessionsWith(pipeline?.urls.web ?? '', 6)
    expect(list.map((s) => s.eventCount)).toEqual([4, 2])
    expect(list[1]?.exitPage?.path).toBe('/checkout')
    // The lake resumed from its checkpoint: the re-sent m5 is a second row, m6 a new one, nothing
    // of before the restart is delivered again; the deduplicated count is the six distinct events.
    await lakeHolds(join(dataDir, 'lake'), 7)
    expect(await lakeCounts(join(dataDir, 'lake'))).toEqual({ rows: 7, distinct: 6 })
  })

  it('keeps an in-memory lake on a RAM file system, removed at stop', async () => {
    const memory = await startLocalPipeline({ ...config, inMemory: true, dataDir: '/nonexistent' })
    const lakeRoot = memory.lake?.lakeRoot ?? ''
    try {
      expect(lakeRoot).toMatch(
        existsSync('/dev/shm') ? /^\/dev\/shm\/clickstream-lake-/ : /clickstream-lake-/,
      )
      const res = await fetch(`${memory.urls.collector}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${btoa(`${config.writeKey}:`)}`,
        },
        body: JSON.stringify({ batch: [page('mem-1', 0, '/'), page('mem-2', 1, '/about')] }),
      })
      expect(res.status).toBe(200)
      await lakeHolds(lakeRoot, 2)
    } finally {
      await memory.stop()
    }
    expect(existsSync(lakeRoot)).toBe(false)
    expect(existsSync('/nonexistent')).toBe(false)
  })

  it('runs no delivery stream with the lake off', async () => {
    const off = await startLocalPipeline({ ...config, lake: false, dataDir: join(dataDir, 'off') })
    await off.stop()
    expect(off.lake).toBeUndefined()
    expect(existsSync(join(dataDir, 'off', 'lake'))).toBe(false)
  })

  it('names a port that is already in use', async () => {
    const busy = { ...config, collectorPort: Number(new URL(pipeline?.urls.collector ?? '').port) }
    await expect(startLocalPipeline({ ...busy, kinesisPort: 0 })).rejects.toThrow(PortInUseError)
    await expect(startLocalPipeline(busy)).rejects.toThrow(
      /collector cannot listen on 127\.0\.0\.1:\d+: the port is already in use/,
    )
  })
})

describe('the local pipeline’s enrichment: one config for the lake, the sessions and the debugger', () => {
  it('gives the feed, the session and the lake row what that config’s enricher computes', async () => {
    const enriching = testConfig({
      inMemory: true,
      batchingWindowMs: 50,
      lakeBufferIntervalMs: 100,
      anonymizeIp: true,
      botIpRanges: ['192.0.2.0/24'],
    })
    const running = await startLocalPipeline(enriching)
    try {
      const event = {
        ...page('enr-1', 0, '/'),
        anonymousId: 'anon-enr',
        context: {
          ip: '8.8.8.8',
          userAgent:
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          page: {
            path: '/',
            url: 'https://shop.example/?utm_source=newsletter&utm_medium=email',
            referrer: 'https://mail.example/',
          },
        },
      }
      const res = await fetch(`${running.urls.collector}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${btoa(`${enriching.writeKey}:`)}`,
        },
        body: JSON.stringify({ batch: [event] }),
      })
      expect(res.status).toBe(200)
      const [session] = await sessionsWith(running.urls.web, 1)
      type Entry = { kind: string; event: EnrichedMessage; enrichment?: Enrichment }
      let feed: Entry | undefined
      await waitFor(
        async () => {
          const entries = (await (await fetch(`${running.urls.web}/api/events`)).json()) as Entry[]
          feed = entries.find((e) => e.kind === 'accepted')
          return feed !== undefined
        },
        { deadline: 30_000, interval: 50, what: 'the event in the feed' },
      )
      if (!feed) throw new Error('no feed entry')
      // The event as it is in the stream, enriched by an enricher of the same config.
      const expected = openLocalEnricher(enriching).enrich(enrichInputOf(feed.event))
      expect(feed.enrichment).toEqual(expected.enrichment)
      expect(session).toMatchObject({
        deviceType: expected.enrichment.deviceType,
        bot: expected.enrichment.bot,
        channel: expected.enrichment.channel,
        ...(expected.enrichment.country ? { country: expected.enrichment.country } : {}),
        ip: '8.8.8.0',
      })
      const lakeRoot = running.lake?.lakeRoot ?? ''
      await lakeHolds(lakeRoot, 1)
      const [row] = await lakeRows(lakeRoot)
      expect(row).toMatchObject({
        device_type: expected.enrichment.deviceType,
        is_bot: expected.enrichment.bot,
        channel: expected.enrichment.channel,
        country: expected.enrichment.country ?? null,
        // Looked up in full, stored truncated (--anonymize-ip on).
        ip: '8.8.8.0',
      })
    } finally {
      await running.stop()
    }
  })
})
