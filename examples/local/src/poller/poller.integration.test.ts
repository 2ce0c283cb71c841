import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import {
  ensureStream,
  type LocalService,
  localClientConfig,
  startKinesalite,
} from '@clickstream/local-aws'
import { waitFor } from '@clickstream/test-support'
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryCheckpoints } from './checkpoints.js'
import { createPoller, type KinesisHandler } from './poller.js'

let kinesalite: LocalService
let kinesis: KinesisClient
let streams = 0
const clientConfig = () => localClientConfig(kinesalite.endpoint)

beforeAll(async () => {
  kinesalite = await startKinesalite()
  kinesis = new KinesisClient(clientConfig())
})
afterAll(async () => {
  kinesis.destroy()
  await kinesalite.close()
})

async function streamWith(count: number, shards = 1): Promise<string> {
  const name = `poller-${++streams}`
  // Active before the first put: kinesalite refuses records for a stream still being created.
  await ensureStream(kinesis, name, shards)
  await put(name, 0, count)
  return name
}

async function put(name: string, from: number, count: number) {
  for (let i = from; i < from + count; i += 100) {
    const n = Math.min(100, from + count - i)
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: name,
        Records: Array.from({ length: n }, (_, j) => ({
          PartitionKey: `key-${(i + j) % 7}`,
          Data: new TextEncoder().encode(String(i + j)),
        })),
      }),
    )
  }
}

const valuesOf = (event: KinesisStreamEvent) =>
  event.Records.map((r) => Number(Buffer.from(r.kinesis.data, 'base64').toString()))

/** Runs the poller until `done()` holds (failing after 20 s), then stops it. */
async function run(name: string, handler: KinesisHandler, done: () => boolean, extra = {}) {
  const checkpoints =
    (extra as { checkpoints?: ReturnType<typeof createMemoryCheckpoints> }).checkpoints ??
    createMemoryCheckpoints()
  const failures: unknown[] = []
  const poller = createPoller({
    kinesis,
    streamName: name,
    handler,
    checkpoints,
    batchSize: 25,
    batchingWindowMs: 50,
    pollIntervalMs: 20,
    retryDelayMs: 1,
    onFailure: (e) => failures.push(e),
    ...extra,
  })
  await poller.start()
  try {
    await waitFor(done, { deadline: 20_000, what: 'what the handler waits for' })
  } finally {
    await poller.stop()
  }
  return { checkpoints, failures, stats: poller.stats() }
}

describe('poller (against kinesalite)', () => {
  it('delivers every record once, in order, in batches no larger than batchSize, as Lambda events', async () => {
    const name = await streamWith(120)
    const seen: number[] = []
    const sizes: number[] = []
    let sample: KinesisStreamEvent | undefined
    const { checkpoints } = await run(
      name,
      async (event) => {
        sample ??= event
        sizes.push(event.Records.length)
        seen.push(...valuesOf(event))
      },
      () => seen.length >= 120,
    )
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i))
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25)
    expect(sample?.Records[0]).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventSourceARN: `arn:aws:kinesis:local:000000000000:stream/${name}`,
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'key-0' },
    })
    expect(Object.keys(checkpoints.load())).toEqual(['shardId-000000000000'])
  })

  it('on batchItemFailures retries from the first failed record and never redelivers the ones before', async () => {
    const name = await streamWith(50)
    const seen: number[] = []
    const failedOnce = new Set<number>()
    await run(
      name,
      async (event): Promise<KinesisStreamBatchResponse> => {
        const values = valuesOf(event)
        const bad = values.findIndex((v) => v % 10 === 3 && !failedOnce.has(v))
        const ok = bad < 0 ? values : values.slice(0, bad)
        seen.push(...ok)
        if (bad < 0) return { batchItemFailures: [] }
        failedOnce.add(values[bad] as number)
        // Report the failed record and a later one: Lambda retries from the lowest.
        const ids = [bad, values.length - 1].map((i) => ({
          itemIdentifier: event.Records[i]?.kinesis.sequenceNumber as string,
        }))
        return { batchItemFailures: ids }
      },
      () => seen.length >= 50,
    )
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect([...failedOnce].sort((a, b) => a - b)).toEqual([3, 13, 23, 33, 43])
  })

  it('bisects a batch that throws, delivers the good records and skips the poison one after the retries', async () => {
    const name = await streamWith(40)
    const seen: number[] = []
    const { failures } = await run(
      name,
      async (event) => {
        const values = valuesOf(event)
        if (values.includes(17)) throw new Error('poison')
        seen.push(...values)
      },
      () => seen.length >= 39,
      { maxRetryAttempts: 2 },
    )
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((v) => v !== 17))
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ name: 'RetriesExhaustedError', attempts: 3 })
  })

  it('resumes after its checkpoint: a restart delivers only what is new', async () => {
    const name = await streamWith(30)
    const first: number[] = []
    const { checkpoints } = await run(
      name,
      async (e) => void first.push(...valuesOf(e)),
      () => first.length >= 30,
    )
    await put(name, 30, 10)
    const second: number[] = []
    await run(
      name,
      async (e) => void second.push(...valuesOf(e)),
      () => second.length >= 10,
      { checkpoints },
    )
    expect(first).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(second).toEqual(Array.from({ length: 10 }, (_, i) => 30 + i))
  })

  it('keeps each shard in order across several shards', async () => {
    const name = await streamWith(200, 3)
    const byKey = new Map<string, number[]>()
    let total = 0
    await run(
      name,
      async (event) => {
        for (const r of event.Records) {
          const list = byKey.get(r.kinesis.partitionKey) ?? []
          list.push(Number(Buffer.from(r.kinesis.data, 'base64').toString()))
          byKey.set(r.kinesis.partitionKey, list)
          total++
        }
      },
      () => total >= 200,
    )
    expect(total).toBe(200)
    for (const [, values] of byKey) expect(values).toEqual([...values].sort((a, b) => a - b))
  })
})

describe('poller starting positions', () => {
  it('LATEST skips what is already in the stream; a timestamp starts there', async () => {
    const name = await streamWith(20)
    const latest: number[] = []
    // A client of its own that counts the reads answered: once one is, the poller holds its
    // LATEST iterator, and what is put from then on is after it.
    const reader = new KinesisClient(clientConfig())
    let reads = 0
    reader.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args)
        if (context.commandName === 'GetRecordsCommand') reads++
        return out
      },
      { step: 'initialize' },
    )
    const poller = createPoller({
      kinesis: reader,
      streamName: name,
      checkpoints: createMemoryCheckpoints(),
      startingPosition: 'LATEST',
      batchingWindowMs: 20,
      pollIntervalMs: 20,
      handler: async (e) => void latest.push(...valuesOf(e)),
    })
    await poller.start()
    await waitFor(() => reads >= 1, { what: 'the first read from LATEST' })
    await put(name, 20, 5)
    await waitFor(() => latest.length >= 5, { what: () => `5 new records (got ${latest})` })
    await poller.stop()
    reader.destroy()
    expect(latest).toEqual([20, 21, 22, 23, 24])

    const fromEpoch: number[] = []
    await run(
      name,
      async (e) => void fromEpoch.push(...valuesOf(e)),
      () => fromEpoch.length >= 25,
      {
        startingPosition: new Date(0),
      },
    )
    expect(fromEpoch).toHaveLength(25)
  })
})
