import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PortInUseError } from '@clickstream/local-aws'
import { afterAll, describe, expect, it } from 'vitest'
import { type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { sessionsWith, testConfig } from './support/pipeline.js'

const dataDir = mkdtempSync(join(tmpdir(), 'clickstream-local-'))
const config = testConfig({
  dataDir,
  gapMs: 5 * 60_000,
  batchingWindowMs: 50,
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

async function send(batch: unknown[]) {
  const res = await fetch(`${pipeline?.urls.collector}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${btoa(`${config.writeKey}:`)}`,
    },
    body: JSON.stringify({ batch }),
  })
  return (await res.json()) as { ok: boolean; accepted: number }
}

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
    const feed = (await (await fetch(`${pipeline.urls.web}/api/events`)).json()) as {
      kind: string
    }[]
    expect(feed.filter((e) => e.kind === 'accepted')).toHaveLength(5)
    expect(feed.filter((e) => e.kind === 'rejected')).toHaveLength(1)
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
  })

  it('names a port that is already in use', async () => {
    const busy = { ...config, collectorPort: Number(new URL(pipeline?.urls.collector ?? '').port) }
    await expect(startLocalPipeline({ ...busy, kinesisPort: 0 })).rejects.toThrow(PortInUseError)
    await expect(startLocalPipeline(busy)).rejects.toThrow(
      /collector cannot listen on 127\.0\.0\.1:\d+: the port is already in use/,
    )
  })
})
