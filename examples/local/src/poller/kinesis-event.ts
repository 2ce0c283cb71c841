import type { _Record } from '@aws-sdk/client-kinesis'
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'

/** Stream facts every record of an event carries, as Lambda fills them in. */
export interface EventSource {
  streamArn: string
  region: string
  functionArn: string
}

/** A GetRecords record as Lambda's Kinesis event source mapping delivers it to a function. */
export function toLambdaRecord(
  record: _Record,
  shardId: string,
  source: EventSource,
): KinesisStreamRecord {
  const arrival = record.ApproximateArrivalTimestamp ?? new Date()
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber: record.SequenceNumber ?? '',
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: arrival.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.functionArn,
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
  }
}

export const toLambdaEvent = (records: KinesisStreamRecord[]): KinesisStreamEvent => ({
  Records: records,
})
