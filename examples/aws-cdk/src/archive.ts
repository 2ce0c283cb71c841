import { Duration, Size } from 'aws-cdk-lib'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import {
  AppendDelimiterToRecordProcessor,
  Compression,
  DeliveryStream,
  KinesisStreamSource,
  S3Bucket,
} from 'aws-cdk-lib/aws-kinesisfirehose'
import { type Bucket, StorageClass } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import { createPrivateBucket } from './private-bucket.js'

export interface Archive {
  bucket: Bucket
  deliveryStream: DeliveryStream
}

/** Where archived envelopes land: `events/year=…/month=…/day=…/hour=…/` (UTC, Hive-style). */
export const ARCHIVE_PREFIX =
  'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/'
/** Where records Firehose could not deliver land, by error type. */
export const ARCHIVE_ERROR_PREFIX =
  'errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/'

/**
 * The raw archive: Firehose reads the events stream and writes its envelopes (one JSON per line,
 * gzip) to S3, partitioned by arrival date and hour; objects age into cheaper storage classes.
 */
export function createArchive(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  events: Stream,
): Archive {
  const bucket = createPrivateBucket(scope, 'ArchiveBucket', config, [
    {
      id: 'archive-tiers',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
      transitions: [
        {
          storageClass: StorageClass.INFREQUENT_ACCESS,
          transitionAfter: Duration.days(config.archiveInfrequentAccessDays),
        },
        {
          storageClass: StorageClass.GLACIER,
          transitionAfter: Duration.days(config.archiveGlacierDays),
        },
      ],
      ...(config.archiveExpireDays === undefined
        ? {}
        : { expiration: Duration.days(config.archiveExpireDays) }),
    },
  ])
  const deliveryStream = new DeliveryStream(scope, 'ArchiveDeliveryStream', {
    source: new KinesisStreamSource(events),
    destination: new S3Bucket(bucket, {
      dataOutputPrefix: ARCHIVE_PREFIX,
      errorOutputPrefix: ARCHIVE_ERROR_PREFIX,
      compression: Compression.GZIP,
      bufferingInterval: Duration.seconds(config.archiveBufferSeconds),
      bufferingSize: Size.mebibytes(config.archiveBufferMb),
      processors: [new AppendDelimiterToRecordProcessor()],
    }),
  })
  return { bucket, deliveryStream }
}
