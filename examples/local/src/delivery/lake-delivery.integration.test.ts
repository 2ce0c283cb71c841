import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import {
  ensureStream,
  type LocalService,
  localClientConfig,
  startKinesalite,
} from '@clickstream/local-aws'
import { waitFor } from '@clickstream/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, lakeCounts, lakeErrors, lakeRows } from '../../test/support/lake.js'
import { streamEnd } from '../../test/support/pipeline.js'
import { type CheckpointStore, createFileCheckpoints } from '../poller/checkpoints.js'
import { envelopeOf, trackEvent } from './fixtures.js'
import { createLakeDelivery, type LakeDeliveryOptions } from './lake-delivery.js'
import { createLakeDestination } from './lake-destination.js'

let kinesalite: LocalService
let kinesis: KinesisClient
const base = mkdtempSync(join(tmpdir(), 'clickstream-lake-delivery-'))
let streams = 0
beforeAll(async () => {
  kinesalite = await startKinesalite()
  kinesis = new KinesisClient(localClientConfig(kinesalite.endpoint))
})
afterAll(async () => {
  kinesis.destroy()
  await kinesalite.close()
  rmSync(base, { recursive: true, force: true })
})

/** A fresh stream (2 shards) and lake folder. */
async function setup() {
  const name = `lake-${++streams}`
  await ensureStream(kinesis, name, 2)
  const dir = join(base, name)
  return {
    name,
    lakeRoot: join(dir, 'lake'),
    archiveRoot: join(dir, 'archive'),
    checkpointFile: join(dir, 'checkpoints', `${name}.lake.json`),
  }
}
type Setup = Awaited<ReturnType<typeof setup>>

/** `count` track events, `perRecord` per envelope, ids `<prefix>-<n>`, over 6 keys (both shards). */
async function send(stream: string, prefix: string, count: number, perRecord = 5) {
  const records = []
  for (let i = 0; i < count; i += perRecord) {
    const key = `anon-${(i / perRecord) % 6}`
    const events = Array.from({ length: Math.min(perRecord, count - i) }, (_, j) =>
      trackEvent(`${prefix}-${i + j}`, '2026-03-01T10:00:00.000Z', key),
    )
    records.push({ PartitionKey: key, Data: envelopeOf(events, key).data })
  }
  await put(stream, records)
}
async function put(stream: string, records: { PartitionKey: string; Data: Uint8Array }[]) {
  for (let i = 0; i < records.length; i += 100) {
    await kinesis.send(
      new PutRecordsCommand({ StreamName: stream, Records: records.slice(i, i + 100) }),
    )
  }
}

/** The delivery stream over the setup's lake and checkpoint file, started. */
async function deliver(s: Setup, extra: Partial<LakeDeliveryOptions> = {}) {
  const delivery = createLakeDelivery({
    kinesis,
    streamName: s.name,
    destination: await createLakeDestination(s),
    checkpoints: createFileCheckpoints(s.checkpointFile),
    pollIntervalMs: 20,
    bufferIntervalMs: 200,
    ...extra,
  })
  await delivery.start()
  return delivery
}

const rowsReach = (s: Setup, rows: number) =>
  waitFor(async () => (await lakeCounts(s.lakeRoot)).rows >= rows, {
    deadline: 30_000,
    interval: 50,
    what: () => `${rows} rows in ${s.lakeRoot}`,
  })

describe('the local delivery stream (kinesalite → buffer → transformRecords → Parquet)', () => {
  it('turns the events of every shard into Parquet rows with their columns', async () => {
    const s = await setup()
    const delivery = await deliver(s)
    await send(s.name, 'e', 60)
    await rowsReach(s, 60)
    await delivery.stop()
    const rows = await lakeRows(s.lakeRoot)
    expect(rows.map((r) => r.message_id).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `e-${i}`).sort(),
    )
    expect(rows[0]).toMatchObject({
      type: 'track',
      event: 'Product Viewed',
      source_id: 'local-dev',
      event_date: '2026-03-01',
    })
    expect(new Set(rows.map((r) => r.partition_key)).size).toBe(6)
    expect(delivery.stats()).toMatchObject({ rows: 60, failures: 0 })
  })

  it('flushes by size before the interval, and a graceful stop flushes what is left', async () => {
    const s = await setup()
    // 10 minutes: only the size (2 KiB) can flush while the test runs.
    const delivery = await deliver(s, { bufferBytes: 2048, bufferIntervalMs: 600_000 })
    await send(s.name, 'big', 100, 10) // ~20 KB of envelopes
    await rowsReach(s, 100)
    const files = filesUnder(join(s.lakeRoot, 'events'), '.parquet').length
    expect(files).toBeGreaterThan(0)
    await send(s.name, 'small', 1, 1) // ~300 bytes: stays in the buffer…
    await waitFor(() => delivery.stats().buffer.bufferedRecords === 1, { deadline: 30_000 })
    expect((await lakeCounts(s.lakeRoot)).rows).toBe(100)
    await delivery.stop() // …until the stop flushes it
    expect(await lakeCounts(s.lakeRoot)).toEqual({ rows: 101, distinct: 101 })
    expect(createFileCheckpoints(s.checkpointFile).load()).toEqual(await streamEnd(kinesis, s.name))
  })

  it('moves no checkpoint while its records are only in the buffer', async () => {
    const s = await setup()
    const delivery = await deliver(s, { bufferBytes: 128 * 1024 * 1024, bufferIntervalMs: 600_000 })
    await send(s.name, 'h', 30)
    await waitFor(() => delivery.stats().buffer.bufferedRecords === 6, { deadline: 30_000 })
    expect(createFileCheckpoints(s.checkpointFile).load()).toEqual({})
    expect(delivery.stats().poller.records).toBe(0)
    expect(filesUnder(s.lakeRoot, '.parquet')).toEqual([])
    await delivery.stop()
    expect(await lakeCounts(s.lakeRoot)).toEqual({ rows: 30, distinct: 30 })
    expect(createFileCheckpoints(s.checkpointFile).load()).toEqual(await streamEnd(kinesis, s.name))
  })

  it('flushes by age when the buffer stays below its size', async () => {
    const s = await setup()
    const delivery = await deliver(s, { bufferBytes: 128 * 1024 * 1024, bufferIntervalMs: 300 })
    await send(s.name, 't', 3, 1)
    await rowsReach(s, 3)
    expect(delivery.stats().buffer.bufferedRecords).toBe(0)
    await delivery.stop()
    expect(await lakeCounts(s.lakeRoot)).toEqual({ rows: 3, distinct: 3 })
  })

  it('resumes after a restart from its checkpoint, delivering nothing again', async () => {
    const s = await setup()
    const first = await deliver(s)
    await send(s.name, 'r1', 40)
    await rowsReach(s, 40)
    await first.stop()
    const second = await deliver(s)
    await send(s.name, 'r2', 25)
    await rowsReach(s, 65)
    await second.stop()
    expect(await lakeCounts(s.lakeRoot)).toEqual({ rows: 65, distinct: 65 })
  })

  it('after a crash between the rename and the checkpoint writes the events again; distinct ids equal the events sent', async () => {
    const s = await setup()
    const store = createFileCheckpoints(s.checkpointFile)
    // The process "dies" right after the files are in place: the checkpoint is never written.
    const crashing: CheckpointStore = {
      load: () => store.load(),
      save: () => {
        throw new Error('crashed before the checkpoint')
      },
    }
    const first = await deliver(s, { checkpoints: crashing, onError: () => {} })
    await send(s.name, 'c', 50)
    await rowsReach(s, 50)
    await first.stop()
    expect(store.load()).toEqual({})

    const second = await deliver(s)
    await rowsReach(s, 100)
    await second.stop()
    // Duplicates in the files, none in what the deduplicated view counts.
    expect(await lakeCounts(s.lakeRoot)).toEqual({ rows: 100, distinct: 50 })
    expect(createFileCheckpoints(s.checkpointFile).load()).toEqual(await streamEnd(kinesis, s.name))
  })

  it('puts an undecodable record in the errors with its reason, and loses nothing else', async () => {
    const s = await setup()
    const delivery = await deliver(s)
    const good = (id: string) => ({
      PartitionKey: 'anon-1',
      Data: envelopeOf([trackEvent(id, '2026-03-01T10:00:00.000Z')]).data,
    })
    await put(s.name, [
      good('u-1'),
      { PartitionKey: 'anon-1', Data: new Uint8Array([0xff, 0xfe, 0x00]) },
      good('u-2'),
    ])
    await rowsReach(s, 2)
    await waitFor(() => lakeErrors(s.lakeRoot).length > 0, { deadline: 30_000 })
    await delivery.stop()
    expect((await lakeRows(s.lakeRoot)).map((r) => r.message_id)).toEqual(['u-1', 'u-2'])
    expect(lakeErrors(s.lakeRoot)).toEqual([
      expect.objectContaining({
        folder: 'processing-failed',
        reason: 'not_utf8',
        data: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'),
      }),
    ])
    expect(createFileCheckpoints(s.checkpointFile).load()).toEqual(await streamEnd(kinesis, s.name))
  })
})
