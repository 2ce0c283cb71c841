import { z } from 'zod'
import { InvalidDlqMessageError } from '../errors.js'

/** A Kinesis batch the sessionizer's event source mapping gave up on: where it is in the stream. */
export interface DlqBatch {
  streamArn: string
  streamName: string
  /** The stream's region, from its ARN. */
  region: string
  shardId: string
  /** The batch's first and last records (inclusive), decimal sequence numbers. */
  startSequenceNumber: string
  endSequenceNumber: string
  /** Records in the batch. */
  batchSize: number
  /** When its first and last records reached the stream (approximately), ISO-8601. */
  arrival: { first: string; last: string }
  /** Why Lambda gave up (`RetryAttemptsExhausted`, `RecordAgeExceeded`, …), when given. */
  condition?: string
}

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]*):(\d*):stream\/([a-zA-Z0-9_.-]{1,128})$/
const sequence = z
  .string()
  .regex(/^(0|[1-9]\d{0,128})$/, 'not a Kinesis sequence number (decimal digits)')
const time = z.iso.datetime({ offset: true, error: 'not an ISO-8601 time' })

/**
 * Lambda's on-failure destination record for a Kinesis event source mapping (what the SQS
 * message's body holds): `requestContext`, `responseContext`, `version`, `timestamp` and
 * `KinesisBatchInfo`, the pointer to the records, which the message does not carry.
 */
const dlqMessageSchema = z.object({
  requestContext: z
    .object({
      condition: z.string().optional(),
      approximateInvokeCount: z.number().optional(),
    })
    .optional(),
  KinesisBatchInfo: z.object({
    shardId: z.string().regex(/^shardId-\d{12}$/, 'not a shard id (shardId-000000000000)'),
    startSequenceNumber: sequence,
    endSequenceNumber: sequence,
    approximateArrivalOfFirstRecord: time,
    approximateArrivalOfLastRecord: time,
    batchSize: z.number().int().min(1).max(10_000),
    streamArn: z.string().regex(STREAM_ARN, 'not a Kinesis stream ARN'),
  }),
})

/**
 * The body of a message of the sessionizer's dead-letter queue as the batch it points at. Also
 * takes the SQS message itself (`{ "Body": "…" }`, as `aws sqs receive-message` prints one).
 * Anything else is an `InvalidDlqMessageError` naming the field: `where` says what was read.
 */
export function parseDlqMessage(text: string, where = 'the DLQ message'): DlqBatch {
  let json: unknown
  try {
    json = JSON.parse(text)
    if (isObject(json) && typeof json.Body === 'string' && !('KinesisBatchInfo' in json))
      json = JSON.parse(json.Body)
  } catch (error) {
    throw new InvalidDlqMessageError(where, `not JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  if (isObject(json) && 'DDBStreamBatchInfo' in json && !('KinesisBatchInfo' in json))
    throw new InvalidDlqMessageError(where, "it is a DynamoDB stream's record (DDBStreamBatchInfo)")
  const parsed = dlqMessageSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue
    const path = issue.path.map(String).join('.')
    const missing = issue.path.length > 0 && valueAt(json, issue.path) === undefined
    throw new InvalidDlqMessageError(
      where,
      missing ? `${path} is missing` : `${path || 'the message'}: ${issue.message}`,
    )
  }
  const info = parsed.data.KinesisBatchInfo
  if (BigInt(info.endSequenceNumber) < BigInt(info.startSequenceNumber))
    throw new InvalidDlqMessageError(
      where,
      'KinesisBatchInfo.endSequenceNumber is before its startSequenceNumber',
    )
  const [, region = '', , streamName = ''] = STREAM_ARN.exec(info.streamArn) ?? []
  const condition = parsed.data.requestContext?.condition
  return {
    streamArn: info.streamArn,
    streamName,
    region,
    shardId: info.shardId,
    startSequenceNumber: info.startSequenceNumber,
    endSequenceNumber: info.endSequenceNumber,
    batchSize: info.batchSize,
    arrival: {
      first: new Date(info.approximateArrivalOfFirstRecord).toISOString(),
      last: new Date(info.approximateArrivalOfLastRecord).toISOString(),
    },
    ...(condition ? { condition } : {}),
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value
  for (const key of path) at = isObject(at) ? at[key as string] : undefined
  return at
}
