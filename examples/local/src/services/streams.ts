import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis'
import { StreamNotActiveError } from '../errors.js'

/** Creates the stream when it does not exist and waits until it is active. Idempotent. */
export async function ensureStream(
  kinesis: KinesisClient,
  name: string,
  shards: number,
): Promise<void> {
  try {
    await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }))
  }
  for (let i = 0; i < 100; i++) {
    const { StreamDescriptionSummary: s } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    )
    if (s?.StreamStatus === 'ACTIVE') return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new StreamNotActiveError(name)
}
