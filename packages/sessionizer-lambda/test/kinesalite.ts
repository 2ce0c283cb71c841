import type { AddressInfo } from 'node:net'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  type _Record as KinesisRecord,
  ListShardsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import kinesalite from 'kinesalite'

/** An in-process kinesalite on a free loopback port (streams are active at once), and a client. */
export async function startKinesalite() {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  })
  return {
    endpoint,
    client,
    /** Creates a one-shard stream and waits until it is active. */
    async createStream(name: string) {
      await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }))
      await waitUntilStreamExists({ client, maxWaitTime: 30, minDelay: 1 }, { StreamName: name })
    },
    /** Every record of a one-shard stream, oldest first. */
    async records(name: string): Promise<KinesisRecord[]> {
      const shards = await client.send(new ListShardsCommand({ StreamName: name }))
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamName: name,
          ShardId: shards.Shards?.[0]?.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      return (await client.send(new GetRecordsCommand({ ShardIterator }))).Records ?? []
    },
    async close() {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
