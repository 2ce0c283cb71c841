import { encodeEnvelope } from '@clickstream/schema'
import type { KinesisStreamRecord } from 'aws-lambda'
import type { ReplayRecord } from './source/replay-source.js'

/**
 * A source's record as the Kinesis record the sessionizer's handler takes: the envelope's bytes,
 * the source's shard id and its position as the sequence number (the per-key checkpoint that
 * makes a second replay skip what the first applied), arrival at the collector's receipt.
 */
export function toKinesisRecord(record: ReplayRecord, shardId: string): KinesisStreamRecord {
  const { key, sourceId, receivedAt, events, position } = record
  const data = Buffer.from(encodeEnvelope({ v: 1, key, sourceId, receivedAt, events })).toString(
    'base64',
  )
  return {
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${position}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'replay',
    awsRegion: 'replay',
    eventSourceARN: `replay:${shardId}`,
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: key,
      sequenceNumber: position,
      data,
      approximateArrivalTimestamp: Date.parse(receivedAt) / 1000,
    },
  }
}
