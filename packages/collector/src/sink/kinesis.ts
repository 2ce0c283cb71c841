import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  type KinesisClientConfig,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import { type BatchingOptions, type BatchingSink, createBatchingSink } from './batching.js'
import { isRetryableKinesisError, RETRYABLE_RECORD_CODES } from './kinesis-errors.js'

export interface KinesisSinkOptions
  extends Omit<BatchingOptions, 'send' | 'isRetryableError' | 'ready'> {
  streamName: string
  /** A ready client; otherwise one is made from `clientConfig` with SDK retries off (the sink retries). */
  client?: KinesisClient
  clientConfig?: KinesisClientConfig
}

/** Kinesis Data Streams through `@aws-sdk/client-kinesis` PutRecords (Node, Lambda). */
export function createKinesisSink(options: KinesisSinkOptions): BatchingSink {
  const { streamName, client: given, clientConfig, ...batching } = options
  const client = given ?? new KinesisClient({ maxAttempts: 1, ...clientConfig })
  const sink = createBatchingSink({
    ...batching,
    isRetryableError: isRetryableKinesisError,
    async send(records) {
      const out = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
        }),
      )
      return records.map((_, i) => {
        const code = out.Records?.[i]?.ErrorCode
        if (!code) return { ok: true }
        return { ok: false, retryable: RETRYABLE_RECORD_CODES.has(code), code }
      })
    },
    async ready() {
      const out = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))
      const status = out.StreamDescriptionSummary?.StreamStatus
      return status === 'ACTIVE' || status === 'UPDATING'
    },
  })
  return {
    ...sink,
    async close() {
      await sink.close()
      if (!given) client.destroy()
    },
  }
}
