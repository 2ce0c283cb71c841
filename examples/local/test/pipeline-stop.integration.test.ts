import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis'
import { localClientConfig } from '@clickstream/local-aws'
import { escapedErrors, keepAsking, waitFor } from '@clickstream/test-support'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { runSimulation } from '../src/simulate/simulate.js'
import { eventTotal, sessionsWith, testConfig } from './support/pipeline.js'

const dataDir = mkdtempSync(join(tmpdir(), 'clickstream-stop-'))
const config = testConfig({ dataDir, batchingWindowMs: 50 })
let pipeline: RunningPipeline | undefined
afterAll(async () => {
  await pipeline?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const escaped = escapedErrors({ beforeEach, afterEach })
afterEach(() => {
  vi.restoreAllMocks()
})

/** A GetRecords of every shard of the events stream, from the oldest record. */
async function readEveryShard(kinesis: KinesisClient) {
  const { StreamDescription } = await kinesis.send(
    new DescribeStreamCommand({ StreamName: config.eventsStream }),
  )
  for (const shard of StreamDescription?.Shards ?? []) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: config.eventsStream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }))
  }
}

describe('stopping the local pipeline', () => {
  it('with clients connected and requests in flight: nothing fails after stop(), and a restart on the same data works', async () => {
    pipeline = await startLocalPipeline(config)
    const { urls } = pipeline
    const summary = await runSimulation({
      host: urls.collector,
      users: 20,
      events: 400,
      rate: 4000,
    })
    expect(summary.accepted).toBe(400)
    expect(eventTotal(await sessionsWith(urls.web, 400))).toBe(400)
    const logged = vi.spyOn(console, 'error')

    // A live view that stays open.
    const live = await fetch(`${urls.web}/api/stream`)
    const reader = (live.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    const liveEnded = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {}
    })()
    // Outside clients reading the stream and the sessions view as fast as they are answered.
    const kinesis = new KinesisClient({ ...localClientConfig(urls.kinesis), maxAttempts: 1 })
    const readers = keepAsking(20, () => readEveryShard(kinesis))
    const viewers = keepAsking(10, async () => {
      const res = await fetch(`${urls.web}/api/sessions?limit=500`)
      if (!res.ok) throw new Error(`sessions view answered ${res.status}`)
      await res.arrayBuffer()
    })
    await waitFor(() => readers.answered() >= 20 && viewers.answered() >= 10, {
      what: 'outside clients answered',
    })
    // Views whose clients go away, their requests unanswered: a live view, session reads.
    const gone = new AbortController()
    const liveGone = await fetch(`${urls.web}/api/stream`, { signal: gone.signal })
    await liveGone.body?.getReader().read()
    const readsGone = Array.from({ length: 5 }, () =>
      fetch(`${urls.web}/api/sessions?limit=500`, { signal: gone.signal }).catch(() => undefined),
    )
    gone.abort()
    await Promise.all(readsGone)

    await pipeline.stop()
    pipeline = undefined
    const loggedAtStop = logged.mock.calls.length
    await Promise.all([readers.ended, viewers.ended, liveEnded])
    kinesis.destroy()

    // The stores closed (leveldb holds its lock until then) and kept everything.
    pipeline = await startLocalPipeline(config)
    expect(eventTotal(await sessionsWith(pipeline.urls.web, 400))).toBe(400)
    expect(escaped()).toEqual([])
    expect(logged.mock.calls.slice(loggedAtStop)).toEqual([])
  })
})
