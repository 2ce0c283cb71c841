import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { waitFor } from '@clickstream/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { createFileCheckpoints } from '../src/poller/checkpoints.js'
import type { SessionizerProcessOptions } from '../src/sessionizer.js'
import { runSimulation } from '../src/simulate/simulate.js'
import { type ChaosProxy, startChaosProxy } from './support/chaos-proxy.js'
import { spawnSource } from './support/child.js'
import { lakeCounts } from './support/lake.js'
import { eventTotal, sessionsOf, streamEnd, testConfig } from './support/pipeline.js'

const dataDir = mkdtempSync(join(tmpdir(), 'clickstream-chaos-'))
const config = testConfig({
  dataDir,
  batchSize: 50,
  batchingWindowMs: 50,
  lakeBufferIntervalMs: 100,
})
const checkpointFile = join(dataDir, 'checkpoints', 'chaos.json')
let pipeline: RunningPipeline
let proxy: ChaosProxy
let worker: ChildProcess | undefined

afterAll(async () => {
  worker?.kill('SIGKILL')
  await proxy?.close()
  await pipeline?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The sessionizer poller in a process of its own, so it can really be killed. */
function startSessionizer(): { process: ChildProcess; records: () => number } {
  const options: SessionizerProcessOptions = {
    config,
    endpoints: { kinesis: pipeline.urls.kinesis, dynamodb: pipeline.urls.dynamodb },
    checkpointFile,
  }
  let records = 0
  const child = spawnSource('sessionizer-process.ts', options, (text) => {
    const stats = /stats (\{.*\})\s*$/m.exec(text)
    if (stats) records = (JSON.parse(stats[1] as string) as { records: number }).records
  })
  return { process: child, records: () => records }
}

async function sessionEventTotal() {
  const sessions = await sessionsOf(pipeline.urls.web)
  return { sessions, total: eventTotal(sessions) }
}

describe('chaos: a lossy, failing network and a sessionizer killed mid-run', () => {
  it('counts every distinct event exactly once in the sessions, and in the lake once deduplicated', async () => {
    pipeline = await startLocalPipeline(config, () => {}, { sessionizer: false })
    proxy = await startChaosProxy(pipeline.urls.collector, 7)
    let sessionizer = startSessionizer()
    worker = sessionizer.process

    const simulation = runSimulation({
      host: proxy.url,
      users: 30,
      events: 1500,
      rate: 600,
      maxDelayMs: 300,
      batchSize: 20,
      seed: 3,
    })
    // Kill the sessionizer (no graceful stop, no final checkpoint) once it has done some work.
    await waitFor(() => sessionizer.records() >= 100, {
      deadline: 60_000,
      what: () => `the first sessionizer at 100 records (it has ${sessionizer.records()})`,
    })
    sessionizer.process.kill('SIGKILL')
    await new Promise((r) => sessionizer.process.once('exit', r))
    sessionizer = startSessionizer()
    worker = sessionizer.process

    const summary = await simulation
    expect(summary.dropped).toBe(0)
    expect(summary.accepted).toBe(summary.sent)
    expect(new Set(summary.messageIds).size).toBe(summary.sent)
    // The chaos really happened: every kind of fault, so some events reached the stream twice.
    for (const fault of [
      'fail-503',
      'fail-500-after-write',
      'lost-response',
      'delay',
      'reset',
    ] as const) {
      expect(proxy.counts[fault], fault).toBeGreaterThan(0)
    }
    expect(summary.retried).toBeGreaterThan(0)

    // Settled: the sessionizer has checkpointed the last record of every shard (all writes are
    // done), so nothing more arrives; every distinct event is in exactly one session, once.
    const end = await streamEnd(pipeline.kinesis, config.eventsStream)
    await waitFor(() => isDeepStrictEqual(createFileCheckpoints(checkpointFile).load(), end), {
      deadline: 60_000,
      what: 'the sessionizer checkpointed at the end of every shard',
    })
    const state = await sessionEventTotal()
    expect(state.total).toBe(summary.sent)
    const keys = new Set(state.sessions.map((s) => s.key))
    expect(keys.size).toBe(summary.keys)
    expect(summary.keys).toBeGreaterThanOrEqual(30)
    // …although the stream holds some events more than once (lost responses, 500 after the write).
    expect(pipeline.feed.totals().accepted).toBeGreaterThan(summary.sent)

    // The lake has every accepted event as a row, duplicates too; distinct ids are the events sent.
    const lakeRoot = pipeline.lake?.lakeRoot ?? ''
    await waitFor(async () => (await lakeCounts(lakeRoot)).distinct >= summary.sent, {
      deadline: 60_000,
      what: `${summary.sent} distinct message ids in the lake`,
    })
    const lake = await lakeCounts(lakeRoot)
    expect(lake.distinct).toBe(summary.sent)
    expect(lake.rows).toBeGreaterThan(summary.sent)
  })
})
