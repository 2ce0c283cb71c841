import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  ResourceInUseException,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import { StreamNotActiveError } from './errors.js'

/**
 * Creates the stream unless it exists, then waits (the SDK's `StreamExists` waiter, at most 30 s)
 * until it is `ACTIVE`. Idempotent; a stream that never becomes active is a `StreamNotActiveError`.
 */
export async function ensureStream(
  kinesis: KinesisClient,
  name: string,
  shards: number,
): Promise<void> {
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }))
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error // it exists already
  }
  try {
    await waitUntilStreamExists(
      { client: kinesis, maxWaitTime: 30, minDelay: 1 },
      { StreamName: name },
    )
  } catch (cause) {
    throw new StreamNotActiveError(name, { cause })
  }
}

/** One record as read back from a stream: where it is, and what a sink was given. */
export interface StreamRecord {
  shardId: string
  sequenceNumber: string
  partitionKey: string
  data: Uint8Array
  /** When the record reached the stream (`ApproximateArrivalTimestamp`), epoch milliseconds. */
  arrivedAt: number
}

/** Every record of every shard from the trim horizon, shard after shard (so in order per key). */
export async function readStream(kinesis: KinesisClient, name: string): Promise<StreamRecord[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: name }))
  const records: StreamRecord[] = []
  for (const { ShardId: shardId = '' } of Shards) {
    let { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: name,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    while (ShardIterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
      const got = page.Records ?? []
      for (const r of got) {
        records.push({
          shardId,
          sequenceNumber: r.SequenceNumber ?? '',
          partitionKey: r.PartitionKey ?? '',
          data: r.Data ?? new Uint8Array(),
          arrivedAt: r.ApproximateArrivalTimestamp?.getTime() ?? 0,
        })
      }
      ShardIterator = got.length > 0 ? page.NextShardIterator : undefined
    }
  }
  return records
}
