import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kinesisClientFor, startKinesalite } from '../../test/kinesalite.js'
import { throttleRecords } from '../../test/kinesis-faults.js'
import { DeadLetterNotAcceptedError } from '../errors.js'
import { deadLetterEntry, testDeadLetter } from './dead-letter.contract.js'
import type { DeadLetterEntry } from './dead-letter.js'
import { createKinesisDeadLetter } from './kinesis.js'

let kinesis: Awaited<ReturnType<typeof startKinesalite>>
let streams = 0
beforeAll(async () => {
  kinesis = await startKinesalite()
})
afterAll(async () => kinesis.close())

/** A fresh stream per test, so tests never read each other's records. */
async function freshStream(): Promise<string> {
  const name = `dead-letters-${++streams}`
  await kinesis.createStream(name)
  return name
}
const entriesOf = async (streamName: string): Promise<DeadLetterEntry[]> =>
  (await kinesis.readAll(streamName)).map((r) => JSON.parse(new TextDecoder().decode(r.data)))

testDeadLetter('kinesis (kinesalite)', {
  async create() {
    const streamName = await freshStream()
    const deadLetter = createKinesisDeadLetter({ client: kinesis.client, streamName })
    return { deadLetter, readBack: () => entriesOf(streamName) }
  },
  // PutRecords has no idempotency key: a retried put writes its records again.
  retried: 'duplicates',
  async refusing() {
    const client = kinesisClientFor(kinesis.endpoint)
    throttleRecords(client, () => true)
    return createKinesisDeadLetter({ client, streamName: await freshStream() })
  },
})

describe('Kinesis dead letter (kinesalite)', () => {
  it('puts each entry as a JSON record keyed by its partition key, or `dead-letter`', async () => {
    const streamName = await freshStream()
    const entries = [deadLetterEntry(0), deadLetterEntry(4)]
    await createKinesisDeadLetter({ client: kinesis.client, streamName }).put(entries)
    const records = await kinesis.readAll(streamName)
    expect(records.map((r) => r.partitionKey).sort()).toEqual(['anon-0', 'dead-letter'])
  })

  it('retries the records a throttled stream refused, until every one is written', async () => {
    const streamName = await freshStream()
    const client = kinesisClientFor(kinesis.endpoint)
    // Every other record of the first two calls is refused.
    const faults = throttleRecords(client, (call, _, i) => call < 2 && i % 2 === 0)
    const entries = Array.from({ length: 40 }, (_, n) => deadLetterEntry(n))
    await createKinesisDeadLetter({ client, streamName }).put(entries)
    expect(faults.calls()).toBe(3)
    const stored = await entriesOf(streamName)
    expect(stored).toHaveLength(40)
    expect(new Set(stored.map((e) => e.sequenceNumber))).toEqual(
      new Set(entries.map((e) => e.sequenceNumber)),
    )
    client.destroy()
  })

  it('gives each request of a large put its own attempts', async () => {
    const streamName = await freshStream()
    const client = kinesisClientFor(kinesis.endpoint)
    // The 4th request (records 1,500…1,999) is throttled once: it must be retried, not thrown.
    throttleRecords(client, (call, _, i) => call === 3 && i === 0)
    const entries = Array.from({ length: 2_000 }, (_, n) => deadLetterEntry(n))
    await createKinesisDeadLetter({ client, streamName }).put(entries)
    expect(await entriesOf(streamName)).toHaveLength(2_000)
    client.destroy()
  })

  it('throws after its attempts when the stream keeps refusing records', async () => {
    const client = kinesisClientFor(kinesis.endpoint)
    const faults = throttleRecords(client, (_, record) => record.PartitionKey === 'anon-2')
    const deadLetter = createKinesisDeadLetter({
      client,
      streamName: await freshStream(),
      maxAttempts: 3,
    })
    await expect(deadLetter.put([deadLetterEntry(1), deadLetterEntry(2)])).rejects.toThrow(
      DeadLetterNotAcceptedError,
    )
    expect(faults.calls()).toBe(3)
    client.destroy()
  })
})
