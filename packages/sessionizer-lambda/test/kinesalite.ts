import type { AddressInfo } from 'node:net'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import kinesalite from 'kinesalite'

/** A Kinesis client for a local endpoint (faults injected into it stay out of other tests). */
export function kinesisClientFor(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  })
}

/** An in-process kinesalite on a free loopback port, a client for it, and a reader of its streams. */
export async function startKinesalite() {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, shardLimit: 1000 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = kinesisClientFor(endpoint)
  return {
    endpoint,
    client,
    async createStream(name: string, shards = 2) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }))
      await waitUntilStreamExists({ client, maxWaitTime: 30, minDelay: 1 }, { StreamName: name })
    },
    /** Every record of every shard from the start, shard after shard (so in order per key). */
    async readAll(name: string): Promise<{ partitionKey: string; data: Uint8Array }[]> {
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: name }))
      const records: { partitionKey: string; data: Uint8Array }[] = []
      for (const { ShardId } of Shards) {
        let { ShardIterator } = await client.send(
          new GetShardIteratorCommand({
            StreamName: name,
            ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
        while (ShardIterator) {
          const page = await client.send(new GetRecordsCommand({ ShardIterator }))
          const got = page.Records ?? []
          for (const r of got)
            records.push({ partitionKey: r.PartitionKey ?? '', data: r.Data ?? new Uint8Array() })
          ShardIterator = got.length > 0 ? page.NextShardIterator : undefined
        }
      }
      return records
    },
    async close() {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
