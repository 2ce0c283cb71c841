import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { waitFor } from '@clickstream/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import type { LakeProcessOptions } from '../src/delivery/lake-process.js'
import { type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { createFileCheckpoints } from '../src/poller/checkpoints.js'
import { runSimulation } from '../src/simulate/simulate.js'
import { spawnSource } from './support/child.js'
import { duckdb, filesUnder, lakeCounts, lakeScan } from './support/lake.js'
import { streamEnd, testConfig } from './support/pipeline.js'

const dataDir = mkdtempSync(join(tmpdir(), 'clickstream-lake-crash-'))
// Small buffers: many flushes, so the kill lands among them.
const config = testConfig({ dataDir, lake: false, lakeBufferBytes: 4096, lakeBufferIntervalMs: 20 })
const lakeRoot = join(dataDir, 'lake')
const checkpointFile = join(dataDir, 'checkpoints', `${config.eventsStream}.lake.json`)
let pipeline: RunningPipeline
let worker: ChildProcess | undefined

afterAll(async () => {
  worker?.kill('SIGKILL')
  await pipeline?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The delivery stream in a process of its own, so it can really be killed. */
function startLake() {
  const options: LakeProcessOptions = {
    config: { ...config, lake: true },
    endpoints: { kinesis: pipeline.urls.kinesis, dynamodb: pipeline.urls.dynamodb },
  }
  const seen = { rows: 0 }
  const child = spawnSource('delivery/lake-process.ts', options, (text) => {
    const stats = /stats (\{.*\})\s*$/m.exec(text)
    if (stats) seen.rows = (JSON.parse(stats[1] as string) as { rows: number }).rows
  })
  return { process: child, seen }
}

describe('the lake after its delivery stream is killed mid-run (SIGKILL, no graceful stop)', () => {
  it('holds only whole files, and no event twice in the deduplicated count', async () => {
    pipeline = await startLocalPipeline(config, () => {}, { sessionizer: false })
    let lake = startLake()
    worker = lake.process
    const simulation = runSimulation({
      host: pipeline.urls.collector,
      users: 20,
      events: 1200,
      rate: 600,
      maxDelayMs: 100,
      batchSize: 20,
      seed: 5,
    })
    await waitFor(() => lake.seen.rows >= 200, {
      deadline: 60_000,
      what: () => `the first delivery stream at 200 rows (it has ${lake.seen.rows})`,
    })
    lake.process.kill('SIGKILL')
    await new Promise((r) => lake.process.once('exit', r))
    lake = startLake()
    worker = lake.process

    const summary = await simulation
    expect(summary.accepted).toBe(summary.sent)
    const end = await streamEnd(pipeline.kinesis, config.eventsStream)
    await waitFor(() => isDeepStrictEqual(createFileCheckpoints(checkpointFile).load(), end), {
      deadline: 60_000,
      what: 'the delivery stream checkpointed at the end of every shard',
    })
    lake.process.kill('SIGTERM')
    await new Promise((r) => lake.process.once('exit', r))
    worker = undefined

    // Every file a reader globs is whole (DuckDB reads them all), nothing temporary is left…
    expect(
      filesUnder(lakeRoot, '').filter((f) => f.split('/').at(-1)?.startsWith('.tmp-')),
    ).toEqual([])
    const [{ files } = { files: 0 }] = await duckdb(
      `SELECT count(DISTINCT filename)::INTEGER AS files FROM ${lakeScan(lakeRoot).replace(')', ', filename = true)')}`,
    )
    expect(files).toBe(filesUnder(join(lakeRoot, 'events'), '.parquet').length)
    // …and each event sent is there, once deduplicated.
    const counts = await lakeCounts(lakeRoot)
    expect(counts.distinct).toBe(summary.sent)
    expect(counts.rows).toBeGreaterThanOrEqual(summary.sent)
  })
})
