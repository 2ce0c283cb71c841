import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKinesalite } from '../../test/kinesalite.js'
import { DeadLetterRejectedError } from '../errors.js'
import type { DeadLetterEntry } from './dead-letter.js'
import { createKinesisDeadLetter, type KinesisDeadLetterOptions } from './kinesis.js'

describe('Kinesis dead letter (kinesalite)', () => {
  let local: Awaited<ReturnType<typeof startKinesalite>>
  let client: KinesisClient
  const newClient = () =>
    new KinesisClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    })
  beforeAll(async () => {
    local = await startKinesalite()
    client = local.client
    await local.createStream('dead-letters')
  })
  afterAll(async () => local.close())

  it('puts each entry as a JSON record keyed by its partition key', async () => {
    const entries: DeadLetterEntry[] = [
      {
        reason: 'not_json',
        message: 'record data is not JSON',
        shardId: 'shardId-000000000000',
        sequenceNumber: '1',
        partitionKey: 'anon-1',
        data: 'e30=',
        at: '2026-03-01T08:00:00.000Z',
      },
      {
        reason: 'too_late',
        message: 'late',
        shardId: 'shardId-000000000000',
        sequenceNumber: '2',
        partitionKey: '',
        data: '{}',
        at: '2026-03-01T08:00:01.000Z',
      },
    ]
    await createKinesisDeadLetter({ client: local.client, streamName: 'dead-letters' }).put(entries)
    const records = await local.records('dead-letters')
    expect(
      records.map((r) => JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8'))),
    ).toEqual(entries)
    expect(records.map((r) => r.PartitionKey)).toEqual(['anon-1', 'dead-letter'])
  })

  /**
   * A real client whose `PutRecords` calls Kinesis refuses in part, as when a shard throttles:
   * `refuse(call, count)` names the entries of that call to refuse; the rest reach kinesalite.
   */
  function throttlingClient(refuse: (call: number, count: number) => number[]) {
    const faulty = newClient()
    let calls = 0
    faulty.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Records: PutRecordsRequestEntry[] }
        const refused = new Set(refuse(calls++, input.Records.length))
        const kept = input.Records.filter((_, i) => !refused.has(i))
        // Kinesis refuses a call without records: a fully refused call never reaches it.
        const result = kept.length
          ? await next({ ...args, input: { ...input, Records: kept } })
          : { output: { $metadata: {} }, response: {} }
        const accepted = [...((result.output as PutRecordsCommandOutput).Records ?? [])]
        const Records = input.Records.map((_, i) =>
          refused.has(i)
            ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
            : accepted.shift(),
        )
        return { ...result, output: { ...result.output, Records, FailedRecordCount: refused.size } }
      },
      { step: 'initialize', name: 'throttle' },
    )
    return { client: faulty, calls: () => calls }
  }

  let streams = 0
  async function freshStream(): Promise<string> {
    const name = `dead-letters-${++streams}`
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }))
    await waitUntilStreamExists({ client, maxWaitTime: 30, minDelay: 1 }, { StreamName: name })
    return name
  }

  /** The `sequenceNumber`s of the entries in the stream, in order. */
  async function readSequences(streamName: string): Promise<string[]> {
    const shards = await client.send(new ListShardsCommand({ StreamName: streamName }))
    let { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shards.Shards?.[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const sequences: string[] = []
    while (ShardIterator) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator }))
      if (!out.Records?.length) break
      for (const r of out.Records) {
        sequences.push(
          JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8')).sequenceNumber,
        )
      }
      ShardIterator = out.NextShardIterator
    }
    return sequences
  }

  const entriesOf = (count: number): DeadLetterEntry[] =>
    Array.from({ length: count }, (_, i) => ({
      reason: 'not_json',
      message: 'record data is not JSON',
      shardId: 'shardId-000000000000',
      sequenceNumber: String(i),
      partitionKey: 'anon-1',
      data: 'e30=',
      at: '2026-03-01T08:00:00.000Z',
    }))

  /** A dead letter on a fresh stream through `throttlingClient(refuse)`, recording its waits. */
  async function throttledDeadLetter(
    refuse: (call: number, count: number) => number[],
    options: Pick<KinesisDeadLetterOptions, 'maxAttempts' | 'backoff'> = {},
  ) {
    const streamName = await freshStream()
    const faulty = throttlingClient(refuse)
    const waits: number[] = []
    const deadLetter = createKinesisDeadLetter({
      ...options,
      client: faulty.client,
      streamName,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const put = (entries: DeadLetterEntry[]) =>
      deadLetter.put(entries).finally(() => faulty.client.destroy())
    return { put, waits, calls: faulty.calls, stored: () => readSequences(streamName) }
  }

  it('retries only the refused entries, after a full-jitter wait that grows per attempt', async () => {
    // The first two calls refuse every other entry of what they carry.
    const dl = await throttledDeadLetter(
      (call, count) =>
        call < 2 ? Array.from({ length: count }, (_, i) => i).filter((i) => i % 2 === 0) : [],
      { backoff: { baseMs: 100, maxMs: 150 } },
    )
    await dl.put(entriesOf(8))
    expect(dl.calls()).toBe(3)
    expect(dl.waits).toHaveLength(2)
    expect(dl.waits.every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true)
    expect(dl.waits[0]).toBeLessThan(100)
    expect(dl.waits[1]).toBeLessThan(150) // 200, capped at maxMs
    // Each entry once: 1 3 5 7 went first, then 2 6, then 0 4.
    expect((await dl.stored()).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7'])
  })

  it('counts attempts per call of 500: a throttled last call is retried too', async () => {
    // Calls 0 and 1 carry entries 0–499 and 500–999; call 2 (the last 100) is refused once.
    const dl = await throttledDeadLetter((call) => (call === 2 ? [0, 1, 2] : []))
    await dl.put(entriesOf(1100))
    expect(dl.calls()).toBe(4)
    expect(dl.waits).toHaveLength(1)
    expect(dl.waits[0]).toBeLessThan(100) // the default baseMs
    expect(new Set(await dl.stored()).size).toBe(1100)
  })

  it('throws DeadLetterRejectedError after maxAttempts, having waited before each retry', async () => {
    const dl = await throttledDeadLetter(() => [0], { maxAttempts: 4 })
    const error = await dl.put(entriesOf(3)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeadLetterRejectedError)
    expect(error).toMatchObject({ rejected: 1, attempts: 4 })
    expect(dl.calls()).toBe(4)
    expect(dl.waits).toHaveLength(3)
    for (const [i, ms] of dl.waits.entries()) expect(ms).toBeLessThan(100 * 2 ** i)
    expect((await dl.stored()).sort()).toEqual(['1', '2'])
  })
})
