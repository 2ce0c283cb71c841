import type { AddressInfo } from 'node:net'
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis'
import { waitFor } from '@clickstream/test-support'
import { NodeHttpHandler } from '@smithy/node-http-handler'
// @ts-expect-error kinesalite ships no types
import kinesalite from 'kinesalite'
import type { SinkRecord } from '../src/sink/sink.js'

export interface Kinesalite {
  endpoint: string
  client: KinesisClient
  createStream(name: string, shards?: number): Promise<void>
  /** Every record of every shard, in shard order (so in order per partition key). */
  readAll(name: string): Promise<SinkRecord[]>
  close(): Promise<void>
}

export const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  requestHandler: new NodeHttpHandler(),
})

/** An in-process kinesalite on a free loopback port, in memory. */
export async function startKinesalite(): Promise<Kinesalite> {
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 1000,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = new KinesisClient(clientConfig(endpoint))
  return {
    endpoint,
    client,
    async createStream(name, shards = 2) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }))
      await waitFor(
        async () => {
          const out = await client.send(new DescribeStreamCommand({ StreamName: name }))
          return out.StreamDescription?.StreamStatus === 'ACTIVE'
        },
        { what: `stream ${name} active` },
      )
    },
    async readAll(name) {
      const out = await client.send(new DescribeStreamCommand({ StreamName: name }))
      const records: SinkRecord[] = []
      for (const shard of out.StreamDescription?.Shards ?? []) {
        const it = await client.send(
          new GetShardIteratorCommand({
            StreamName: name,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
        let iterator = it.ShardIterator
        while (iterator) {
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
          for (const r of page.Records ?? []) {
            records.push({ partitionKey: r.PartitionKey ?? '', data: r.Data ?? new Uint8Array() })
          }
          if ((page.Records ?? []).length === 0) break
          iterator = page.NextShardIterator
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
