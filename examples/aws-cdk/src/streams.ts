import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'

export interface ClickstreamStreams {
  /** Valid events, one envelope per partition key per request. */
  events: Stream
  /** Rejected events with their reasons. */
  rejected: Stream
}

/** The events and rejected-events streams: on-demand or provisioned, encrypted with AWS's Kinesis key. */
export function createStreams(
  scope: Construct,
  config: ResolvedClickstreamConfig,
): ClickstreamStreams {
  const provisioned = config.streamMode === 'provisioned'
  const stream = (id: string, shardCount: number) =>
    new Stream(scope, id, {
      streamMode: provisioned ? StreamMode.PROVISIONED : StreamMode.ON_DEMAND,
      ...(provisioned ? { shardCount } : {}),
      retentionPeriod: Duration.hours(config.retentionHours),
      // The AWS managed key: no key policy to manage and no kms:Decrypt grants needed.
      encryption: StreamEncryption.MANAGED,
      removalPolicy: config.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    })
  return {
    events: stream('EventsStream', config.shardCount),
    rejected: stream('RejectedStream', 1),
  }
}
