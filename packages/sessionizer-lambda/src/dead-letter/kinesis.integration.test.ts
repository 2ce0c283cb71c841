import type { AddressInfo } from 'node:net'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type PutRecordsCommandOutput,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import kinesalite from 'kinesalite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeadLetterRejectedError } from '../errors.js'
import type { DeadLetterEntry } from './dead-letter.js'
import { createKinesisDeadLetter } from './kinesis.js'

describe('Kinesis dead letter (kinesalite)', () => {
  const server = kinesalite({ createStreamMs: 0 })
  let client: KinesisClient
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    client = new KinesisClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    })
    await client.send(new CreateStreamCommand({ StreamName: 'dead-letters', ShardCount: 1 }))
    await waitUntilStreamExists(
      { client, maxWaitTime: 30, minDelay: 1 },
      { StreamName: 'dead-letters' },
    )
  })
  afterAll(async () => {
    client.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

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
    await createKinesisDeadLetter({ client, streamName: 'dead-letters' }).put(entries)
    const shards = await client.send(new ListShardsCommand({ StreamName: 'dead-letters' }))
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: 'dead-letters',
        ShardId: shards.Shards?.[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const out = await client.send(new GetRecordsCommand({ ShardIterator }))
    const records = out.Records ?? []
    expect(
      records.map((r) => JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8'))),
    ).toEqual(entries)
    expect(records.map((r) => r.PartitionKey)).toEqual(['anon-1', 'dead-letter'])
  })

  it('throws DeadLetterRejectedError when Kinesis keeps refusing a record', async () => {
    // The fault: Kinesis answers every PutRecords with its first record refused.
    const refusing = {
      send: async (command: Parameters<KinesisClient['send']>[0]) => {
        const out = (await client.send(command)) as PutRecordsCommandOutput
        const [first] = out.Records ?? []
        if (first) Object.assign(first, { ErrorCode: 'ProvisionedThroughputExceededException' })
        return out
      },
    } as unknown as KinesisClient
    const entry: DeadLetterEntry = {
      reason: 'not_json',
      message: 'record data is not JSON',
      shardId: 'shardId-000000000000',
      sequenceNumber: '3',
      partitionKey: 'anon-2',
      data: 'e30=',
      at: '2026-03-01T08:00:02.000Z',
    }
    const put = createKinesisDeadLetter({
      client: refusing,
      streamName: 'dead-letters',
      maxAttempts: 2,
    }).put([entry])
    await expect(put).rejects.toBeInstanceOf(DeadLetterRejectedError)
    await expect(put).rejects.toMatchObject({ rejected: 1, attempts: 2 })
  })
})
