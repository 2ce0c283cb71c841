import { DescribeStreamSummaryCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalKinesis, startKinesalite } from './local-service.js'
import { ensureStream, readStream } from './streams.js'

let kinesalite: LocalKinesis
beforeAll(async () => {
  kinesalite = await startKinesalite()
})
afterAll(async () => kinesalite?.close())

const text = (data: Uint8Array) => new TextDecoder().decode(data)

describe('streams', () => {
  it('ensureStream creates an active stream once, keeping the first shard count', async () => {
    await ensureStream(kinesalite.client, 'once', 3)
    await ensureStream(kinesalite.client, 'once', 1)
    const { StreamDescriptionSummary: summary } = await kinesalite.client.send(
      new DescribeStreamSummaryCommand({ StreamName: 'once' }),
    )
    expect(summary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 3 })
  })

  it('readStream reads every record, shard after shard, in order per key', async () => {
    await ensureStream(kinesalite.client, 'read', 2)
    const keys = ['a', 'b', 'c', 'd']
    for (let call = 0; call < 3; call++) {
      await kinesalite.client.send(
        new PutRecordsCommand({
          StreamName: 'read',
          Records: Array.from({ length: 400 }, (_, i) => ({
            PartitionKey: keys[i % keys.length],
            Data: new TextEncoder().encode(`${call * 400 + i}`),
          })),
        }),
      )
    }
    const records = await readStream(kinesalite.client, 'read')
    expect(records).toHaveLength(1200)
    const shards = records.map((r) => r.shardId)
    expect(shards).toEqual([...shards].sort())
    expect(new Set(shards).size).toBe(2)
    for (const key of keys) {
      const sent = records.filter((r) => r.partitionKey === key).map((r) => Number(text(r.data)))
      expect(sent).toEqual([...sent].sort((x, y) => x - y))
      expect(sent).toHaveLength(300)
    }
    expect(records.every((r) => r.sequenceNumber !== '')).toBe(true)
  })
})
