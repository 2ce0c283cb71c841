import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKinesalite } from '../../test/kinesalite.js'
import type { DeadLetterEntry } from './dead-letter.js'
import { createKinesisDeadLetter } from './kinesis.js'

describe('Kinesis dead letter (kinesalite)', () => {
  let local: Awaited<ReturnType<typeof startKinesalite>>
  beforeAll(async () => {
    local = await startKinesalite()
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
})
