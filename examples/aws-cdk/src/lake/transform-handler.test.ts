import { createHash } from 'node:crypto'
import { packEnvelopes } from '@clickstream/schema'
import type { FirehoseTransformationEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  createLakeTransformHandler,
  LAKE_TRANSFORM_METRICS,
  type TransformLogger,
  type TransformMetrics,
} from './transform-handler.js'

const receivedAt = '2026-03-01T10:00:02.000Z'
const event = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'track' as const,
  event: 'Added',
  anonymousId: 'a-1',
  messageId: id,
  timestamp: '2026-03-01T10:00:00.000Z',
  receivedAt,
  ...extra,
})
const good = packEnvelopes({ key: 'a-1', sourceId: 'web', receivedAt }, [event('m-1')])[0]
const mixed = JSON.stringify({
  v: 1,
  key: 'a-1',
  sourceId: 'web',
  receivedAt,
  events: [event('m-2', { type: 'nope' }), event('m-3')],
})

function invocation(...datas: (Uint8Array | string | undefined)[]): FirehoseTransformationEvent {
  return {
    invocationId: 'inv-1',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/lake',
    region: 'us-east-1',
    records: datas.map((data, i) => ({
      recordId: `r-${i}`,
      approximateArrivalTimestamp: 1_772_359_202_000 + i,
      data: Buffer.from(data ?? '').toString('base64'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: 'a-1',
        approximateArrivalTimestamp: 1_772_359_202_000 + i,
        sequenceNumber: `100${i}`,
        subsequenceNumber: '',
      },
    })),
  }
}

function recorders() {
  const lines: [string, Record<string, unknown>][] = []
  const counts: Record<string, number> = {}
  let published = 0
  const logger: TransformLogger = { warn: (message, extra) => lines.push([message, extra]) }
  const metrics: TransformMetrics = {
    addMetric: (name, _unit, value) => {
      counts[name] = (counts[name] ?? 0) + value
    },
    publishStoredMetrics: () => published++,
  }
  return { lines, counts, logger, metrics, published: () => published }
}

describe('createLakeTransformHandler', () => {
  it('answers every record and logs each left-out record or event as one line with where it came from', async () => {
    const r = recorders()
    const handler = createLakeTransformHandler({ logger: r.logger, metrics: r.metrics })
    const result = await handler(invocation(good, 'not json', mixed))
    expect(result.records.map((x) => [x.recordId, x.result])).toEqual([
      ['r-0', 'Ok'],
      ['r-1', 'ProcessingFailed'],
      ['r-2', 'Ok'],
    ])
    expect(r.lines).toEqual([
      [
        'record not in the lake',
        expect.objectContaining({
          reason: 'not_json',
          detail: expect.stringMatching(/not JSON/),
          recordId: 'r-1',
          shardId: 'shardId-000000000000',
          sequenceNumber: '1001',
          arrivalTimestamp: 1_772_359_202_001,
          dataSha256: createHash('sha256').update('not json').digest('hex'),
        }),
      ],
      [
        'event not in the lake',
        expect.objectContaining({
          reason: 'invalid_event',
          recordId: 'r-2',
          sequenceNumber: '1002',
          eventIndex: 0,
          messageId: 'm-2',
        }),
      ],
    ])
    // The partition key (an anonymous or user id) is never logged.
    expect(JSON.stringify(r.lines)).not.toContain('"a-1"')
  })

  it('counts records, rows, failed records, invalid events and mixed-date envelopes', async () => {
    const r = recorders()
    const twoDates = packEnvelopes({ key: 'a-1', sourceId: 'web', receivedAt }, [
      event('m-4'),
      event('m-5', { timestamp: '2026-02-01T00:00:00.000Z' }),
    ])[0]
    await createLakeTransformHandler({ metrics: r.metrics })(invocation(good, 'x', mixed, twoDates))
    expect(r.counts).toEqual({
      [LAKE_TRANSFORM_METRICS.records]: 4,
      [LAKE_TRANSFORM_METRICS.rows]: 4,
      [LAKE_TRANSFORM_METRICS.failed]: 1,
      [LAKE_TRANSFORM_METRICS.invalid]: 1,
      [LAKE_TRANSFORM_METRICS.mixedDates]: 1,
    })
    expect(r.published()).toBe(1)
  })

  it('is silent without a logger or metrics, and answers an empty invocation', async () => {
    expect(await createLakeTransformHandler()(invocation('x'))).toMatchObject({
      records: [{ recordId: 'r-0', result: 'ProcessingFailed' }],
    })
    expect(await createLakeTransformHandler()(invocation())).toEqual({ records: [] })
  })
})
