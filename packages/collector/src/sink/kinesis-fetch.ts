import { AwsClient } from 'aws4fetch'
import { type BatchingOptions, type BatchingSink, createBatchingSink } from './batching.js'
import { isRetryableKinesisError, RETRYABLE_RECORD_CODES } from './kinesis-errors.js'
import type { SinkRecord } from './sink.js'

export interface KinesisFetchSinkOptions
  extends Omit<BatchingOptions, 'send' | 'isRetryableError' | 'ready'> {
  streamName: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** @default `https://kinesis.<region>.amazonaws.com` */
  endpoint?: string
  /** @default globalThis.fetch */
  fetch?: typeof fetch
}

/** An error answer of the Kinesis JSON API, shaped like the SDK's errors for the retry rules. */
class KinesisHttpError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(message)
  }
}

interface PutRecordsOutput {
  Records?: { ErrorCode?: string }[]
}

/**
 * Kinesis over `fetch` with SigV4 from `aws4fetch` (a few KB): for edge runtimes (workerd) where
 * the AWS SDK's Node modules are not available. Same batching and retry core as the SDK sink.
 */
export function createKinesisFetchSink(options: KinesisFetchSinkOptions): BatchingSink {
  const { streamName, region, credentials, endpoint, fetch: fetchFn, ...batching } = options
  const url = endpoint ?? `https://kinesis.${region}.amazonaws.com`
  const doFetch = fetchFn ?? ((input, init) => globalThis.fetch(input, init))
  const aws = new AwsClient({ ...credentials, region, service: 'kinesis', retries: 0 })

  const call = async <T>(target: string, body: unknown): Promise<T> => {
    const request = await aws.sign(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `Kinesis_20131202.${target}`,
      },
      body: JSON.stringify(body),
    })
    const response = await doFetch(request)
    const json = (await response.json().catch(() => ({}))) as T & {
      __type?: string
      message?: string
    }
    if (!response.ok) {
      const name = (json.__type ?? `Http${response.status}`).split('#').pop() as string
      throw new KinesisHttpError(name, json.message ?? response.statusText, {
        httpStatusCode: response.status,
      })
    }
    return json
  }

  return createBatchingSink({
    ...batching,
    isRetryableError: isRetryableKinesisError,
    async send(records) {
      const out = await call<PutRecordsOutput>('PutRecords', {
        StreamName: streamName,
        Records: records.map(toJson),
      })
      return records.map((_, i) => {
        const code = out.Records?.[i]?.ErrorCode
        if (!code) return { ok: true }
        return { ok: false, retryable: RETRYABLE_RECORD_CODES.has(code), code }
      })
    },
    async ready() {
      const out = await call<{ StreamDescriptionSummary?: { StreamStatus?: string } }>(
        'DescribeStreamSummary',
        { StreamName: streamName },
      )
      const status = out.StreamDescriptionSummary?.StreamStatus
      return status === 'ACTIVE' || status === 'UPDATING'
    },
  })
}

function toJson(record: SinkRecord) {
  let binary = ''
  for (let i = 0; i < record.data.length; i += 0x8000) {
    binary += String.fromCharCode(...record.data.subarray(i, i + 0x8000))
  }
  return { Data: btoa(binary), PartitionKey: record.partitionKey }
}
