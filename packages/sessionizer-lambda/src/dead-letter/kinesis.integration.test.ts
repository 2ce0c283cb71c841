import { KinesisClient } from '@aws-sdk/client-kinesis'
import { localClientConfig, startKinesalite } from '@clickstream/local-aws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { throttlePuts } from '../../test/kinesis-faults.js'
import { DeadLetterRejectedError } from '../errors.js'
import { deadLetterEntry, type StoredDeadLetter, testDeadLetter } from './dead-letter.contract.js'
import type { DeadLetterEntry } from './dead-letter.js'
import { createKinesisDeadLetter, type KinesisDeadLetterOptions } from './kinesis.js'

let kinesis: Awaited<ReturnType<typeof startKinesalite>>
let streams = 0
beforeAll(async () => {
  kinesis = await startKinesalite()
})
afterAll(async () => kinesis.close())

/** A fresh stream per test, so tests never read each other's records. */
async function freshStream(): Promise<string> {
  const name = `dead-letters-${++streams}`
  await kinesis.createStream(name, 1)
  return name
}
/** The entries in the stream (each with its `id`), in order. */
const storedIn = async (streamName: string): Promise<StoredDeadLetter[]> =>
  (await kinesis.readAll(streamName)).map((r) => JSON.parse(new TextDecoder().decode(r.data)))
const everyIndex = (count: number) => Array.from({ length: count }, (_, i) => i)

testDeadLetter('kinesis (kinesalite)', {
  async create() {
    const streamName = await freshStream()
    const deadLetter = createKinesisDeadLetter({ client: kinesis.client, streamName })
    return { deadLetter, readBack: () => storedIn(streamName) }
  },
  // PutRecords has no idempotency key: a retried put writes its records again, with the same ids.
  retried: 'duplicates',
  lists: false,
  async refusing() {
    const client = new KinesisClient(localClientConfig(kinesis.endpoint))
    throttlePuts(client, (_, count) => everyIndex(count))
    return createKinesisDeadLetter({
      client,
      streamName: await freshStream(),
      sleep: async () => {},
    })
  },
})

describe('Kinesis dead letter (kinesalite)', () => {
  it('keys each record by the entry partition key, or `dead-letter` when it is empty', async () => {
    const streamName = await freshStream()
    await createKinesisDeadLetter({ client: kinesis.client, streamName }).put([
      deadLetterEntry(0),
      deadLetterEntry(4),
    ])
    expect((await kinesis.readAll(streamName)).map((r) => r.partitionKey)).toEqual([
      'anon-0',
      'dead-letter',
    ])
  })

  const entriesOf = (count: number): DeadLetterEntry[] =>
    Array.from({ length: count }, (_, i) => ({
      reason: 'not_json',
      message: 'record data is not JSON',
      shardId: 'shardId-000000000000',
      sequenceNumber: String(i),
      partitionKey: 'anon-1',
      data: 'e30=',
      arrivedAt: '2026-03-01T07:59:59.000Z',
      at: '2026-03-01T08:00:00.000Z',
    }))

  /** A dead letter on a fresh stream through a client throttled by `refuse`, recording its waits. */
  async function throttledDeadLetter(
    refuse: (call: number, count: number) => number[],
    options: Pick<KinesisDeadLetterOptions, 'maxAttempts' | 'backoff'> = {},
  ) {
    const streamName = await freshStream()
    const client = new KinesisClient(localClientConfig(kinesis.endpoint))
    const faults = throttlePuts(client, refuse)
    const waits: number[] = []
    const deadLetter = createKinesisDeadLetter({
      ...options,
      client,
      streamName,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const put = (entries: DeadLetterEntry[]) =>
      deadLetter.put(entries).finally(() => client.destroy())
    const stored = async () => (await storedIn(streamName)).map((e) => e.sequenceNumber)
    return { put, waits, calls: faults.calls, stored }
  }

  it('retries only the refused entries, after a full-jitter wait that grows per attempt', async () => {
    // The first two calls refuse every other entry of what they carry.
    const dl = await throttledDeadLetter(
      (call, count) => (call < 2 ? everyIndex(count).filter((i) => i % 2 === 0) : []),
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

  it('counts attempts per call of 500: a throttled later call is retried too', async () => {
    // Calls 0–3 carry entries 0–1,999; call 3 (the 4th) is refused once.
    const dl = await throttledDeadLetter((call) => (call === 3 ? [0, 1, 2] : []))
    await dl.put(entriesOf(2_100))
    expect(dl.calls()).toBe(6)
    expect(dl.waits).toHaveLength(1)
    expect(dl.waits[0]).toBeLessThan(100) // the default baseMs
    expect(new Set(await dl.stored()).size).toBe(2_100)
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
