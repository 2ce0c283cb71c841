import { Duration } from 'aws-cdk-lib'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose'
import { type Bucket, StorageClass } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import { allowFirehoseFromStream, createFirehoseRole } from './firehose-role.js'
import { createPrivateBucket } from './private-bucket.js'

export interface Archive {
  bucket: Bucket
  /** Accepted envelopes. */
  deliveryStream: CfnDeliveryStream
  /** Rejected records (the rejected stream), kept as long as the accepted ones. */
  rejectedDeliveryStream: CfnDeliveryStream
}

const hourly =
  'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/'

/** Where archived envelopes land: `events/year=…/month=…/day=…/hour=…/` (UTC, Hive-style). */
export const ARCHIVE_PREFIX = `events/${hourly}`
/** Where rejected records land, the same way: queryable as the lake's `rejected` table. */
export const REJECTED_PREFIX = `rejected/${hourly}`
/** Where records Firehose could not deliver land, by error type. */
export const ARCHIVE_ERROR_PREFIX = `errors/!{firehose:error-output-type}/${hourly}`
export const REJECTED_ERROR_PREFIX = `errors/rejected/!{firehose:error-output-type}/${hourly}`

/**
 * The raw archive: two Firehoses read the events and the rejected streams and write their records
 * (one JSON per line, gzip) to one bucket, partitioned by arrival hour. The bucket is versioned
 * (an overwrite or delete keeps the old version `archiveNoncurrentDays`), access-logged, ages
 * into Standard-IA and Glacier Instant Retrieval (both still read by Athena and `pnpm replay`,
 * unlike Glacier Flexible Retrieval) and expires after `archiveExpireDays`.
 */
export function createArchive(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  streams: { events: Stream; rejected: Stream },
  logs: Bucket,
): Archive {
  const bucket = createPrivateBucket(
    scope,
    'ArchiveBucket',
    config,
    [
      {
        id: 'archive-tiers',
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        transitions: [
          {
            storageClass: StorageClass.INFREQUENT_ACCESS,
            transitionAfter: Duration.days(config.archiveInfrequentAccessDays),
          },
          {
            storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
            transitionAfter: Duration.days(config.archiveGlacierDays),
          },
        ],
        ...(config.archiveExpireDays === -1
          ? {}
          : { expiration: Duration.days(config.archiveExpireDays) }),
        noncurrentVersionExpiration: Duration.days(config.archiveNoncurrentDays),
        expiredObjectDeleteMarker: config.archiveExpireDays === -1 ? true : undefined,
      },
    ],
    { versioned: true, accessLogs: logs },
  )
  const deliver = (id: string, stream: Stream, prefix: string, errorPrefix: string) => {
    const { role, logGroup, logStream } = createFirehoseRole(scope, id, { stream, bucket })
    const deliveryStream = new CfnDeliveryStream(scope, id, {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: {
        kinesisStreamArn: stream.streamArn,
        roleArn: role.roleArn,
      },
      extendedS3DestinationConfiguration: {
        bucketArn: bucket.bucketArn,
        roleArn: role.roleArn,
        prefix,
        errorOutputPrefix: errorPrefix,
        compressionFormat: 'GZIP',
        bufferingHints: {
          intervalInSeconds: config.archiveBufferSeconds,
          sizeInMBs: config.archiveBufferMb,
        },
        processingConfiguration: {
          enabled: true,
          processors: [{ type: 'AppendDelimiterToRecord', parameters: [] }],
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
      },
    })
    // Firehose checks its role's access on creation.
    deliveryStream.node.addDependency(role)
    allowFirehoseFromStream(deliveryStream)
    return deliveryStream
  }
  return {
    bucket,
    deliveryStream: deliver(
      'ArchiveDeliveryStream',
      streams.events,
      ARCHIVE_PREFIX,
      ARCHIVE_ERROR_PREFIX,
    ),
    rejectedDeliveryStream: deliver(
      'RejectedDeliveryStream',
      streams.rejected,
      REJECTED_PREFIX,
      REJECTED_ERROR_PREFIX,
    ),
  }
}
