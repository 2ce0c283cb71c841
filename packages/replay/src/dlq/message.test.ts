import { describe, expect, it } from 'vitest'
import { InvalidDlqMessageError } from '../errors.js'
import { parseDlqMessage } from './message.js'

/** Lambda's on-failure record of a Kinesis batch, as its documentation shows one. */
const documented = {
  requestContext: {
    requestId: 'c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5',
    functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction',
    condition: 'RetryAttemptsExhausted',
    approximateInvokeCount: 1,
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  version: '1.0',
  timestamp: '2019-11-14T00:38:06.021Z',
  KinesisBatchInfo: {
    shardId: 'shardId-000000000001',
    startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
    endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
    approximateArrivalOfFirstRecord: '2019-11-14T00:38:04.835Z',
    approximateArrivalOfLastRecord: '2019-11-14T00:38:05.580Z',
    batchSize: 500,
    streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
  },
}

const parsed = {
  streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
  streamName: 'mystream',
  region: 'us-east-2',
  shardId: 'shardId-000000000001',
  startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
  endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
  batchSize: 500,
  arrival: { first: '2019-11-14T00:38:04.835Z', last: '2019-11-14T00:38:05.580Z' },
  condition: 'RetryAttemptsExhausted',
}

const info = (patch: Record<string, unknown>) =>
  JSON.stringify({ ...documented, KinesisBatchInfo: { ...documented.KinesisBatchInfo, ...patch } })

describe('parseDlqMessage', () => {
  it('reads the batch the on-failure record points at', () => {
    expect(parseDlqMessage(JSON.stringify(documented))).toEqual(parsed)
  })

  it('takes the SQS message itself (its Body), and a record without requestContext', () => {
    expect(
      parseDlqMessage(JSON.stringify({ MessageId: 'm', Body: JSON.stringify(documented) })),
    ).toEqual(parsed)
    const { requestContext: _, ...bare } = documented
    expect(parseDlqMessage(JSON.stringify(bare))).not.toHaveProperty('condition')
  })

  it.each([
    ['not JSON', '{"KinesisBatchInfo":', 'not JSON'],
    ['no batch info', JSON.stringify({ version: '1.0' }), 'KinesisBatchInfo is missing'],
    [
      'a missing field',
      info({ endSequenceNumber: undefined }),
      'KinesisBatchInfo.endSequenceNumber is missing',
    ],
    [
      'a bad sequence number',
      info({ startSequenceNumber: '12ab' }),
      'KinesisBatchInfo.startSequenceNumber: not a Kinesis sequence number',
    ],
    [
      'a bad stream ARN',
      info({ streamArn: 'arn:aws:sqs:us-east-2:123456789012:dlq' }),
      'KinesisBatchInfo.streamArn: not a Kinesis stream ARN',
    ],
    [
      'a bad time',
      info({ approximateArrivalOfLastRecord: 'yesterday' }),
      'KinesisBatchInfo.approximateArrivalOfLastRecord: not an ISO-8601 time',
    ],
    [
      'an end before the start',
      info({ endSequenceNumber: '49601189658422359378836298521827638475320189012309704721' }),
      'KinesisBatchInfo.endSequenceNumber is before its startSequenceNumber',
    ],
    [
      "a DynamoDB stream's record",
      JSON.stringify({ DDBStreamBatchInfo: documented.KinesisBatchInfo }),
      "a DynamoDB stream's record",
    ],
  ])('refuses %s, naming what is wrong', (_name, text, message) => {
    const error = (() => {
      try {
        parseDlqMessage(text, 'dlq.json')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidDlqMessageError)
    expect(error).toMatchObject({ code: 'invalid_dlq_message' })
    expect((error as Error).message).toContain('dlq.json is no Kinesis on-failure record: ')
    expect((error as Error).message).toContain(message)
  })
})
