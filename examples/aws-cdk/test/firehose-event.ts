import { readFileSync } from 'node:fs'
import type { StreamRecord } from '@clickstream/local-aws'
import type { FirehoseTransformationEvent } from 'aws-lambda'

/**
 * What Firehose hands the lake's transformation Lambda for these Kinesis records: the shape of
 * `fixtures/firehose-transformation.json` (a Kinesis-sourced invocation), one record per stream
 * record, its data and metadata as Firehose passes them on.
 */
export function firehoseEvent(records: readonly StreamRecord[]): FirehoseTransformationEvent {
  const fixture = JSON.parse(
    readFileSync(new URL('./fixtures/firehose-transformation.json', import.meta.url), 'utf8'),
  ) as FirehoseTransformationEvent
  const metadata = fixture.records[0]?.kinesisRecordMetadata
  if (!metadata) throw new Error('the fixture has no Kinesis record')
  return {
    ...fixture,
    records: records.map((r, i) => ({
      // Firehose's record ids: the sequence number and a running suffix.
      recordId: `${r.sequenceNumber}${String(i).padStart(6, '0')}`,
      approximateArrivalTimestamp: r.arrivedAt,
      data: Buffer.from(r.data).toString('base64'),
      kinesisRecordMetadata: {
        ...metadata,
        shardId: r.shardId,
        partitionKey: r.partitionKey,
        approximateArrivalTimestamp: r.arrivedAt,
        sequenceNumber: r.sequenceNumber,
      },
    })),
  }
}
