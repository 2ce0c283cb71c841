import { Duration } from 'aws-cdk-lib'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from '../config.js'
import type { LambdaEnrichment } from '../enrichment.js'
import { createClickstreamFunction } from '../lambda-function.js'
import { createPrivateBucket } from '../private-bucket.js'
import { createLakeAthena, type LakeAthena } from './athena.js'
import { createLakeCatalog, type LakeCatalog } from './catalog.js'
import { createLakeDeliveryStream } from './delivery-stream.js'

export interface Lake {
  bucket: Bucket
  transform: LambdaFunction
  deliveryStream: CfnDeliveryStream
  catalog: LakeCatalog
  athena: LakeAthena
}

/**
 * The event lake on AWS, beside the raw archive (which stays the raw truth): its own bucket
 * (the archive ages into Glacier, which Athena cannot read, and shares no prefix or policy with
 * it), the transformation Lambda, a Firehose writing Parquet by event date, the Glue catalog and
 * an Athena workgroup with the named queries.
 */
export function createLake(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  events: Stream,
  enrichment: LambdaEnrichment,
  logs: Bucket,
): Lake {
  const bucket = createPrivateBucket(
    scope,
    'LakeBucket',
    config,
    [
      {
        id: 'abort-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        noncurrentVersionExpiration: Duration.days(config.archiveNoncurrentDays),
      },
    ],
    { versioned: true, accessLogs: logs },
  )
  const transform = createClickstreamFunction(scope, 'LakeTransform', config, {
    entry: config.lakeTransformEntry,
    memoryMb: config.lakeTransformMemoryMb,
    // Firehose waits up to 5 minutes for a transformation; a 1 MiB batch takes well under a second.
    timeout: Duration.minutes(1),
    noDeadLetterQueue:
      'invoked synchronously by Firehose, which retries and then writes the batch to errors/processing-failed/',
    files: enrichment.files,
    environment: {
      ...enrichment.environment,
      POWERTOOLS_SERVICE_NAME: 'lake-transform',
      POWERTOOLS_METRICS_NAMESPACE: 'clickstream',
    },
  })
  const catalog = createLakeCatalog(scope, bucket)
  const deliveryStream = createLakeDeliveryStream(scope, config, {
    events,
    bucket,
    transform,
    catalog,
  })
  const athena = createLakeAthena(scope, config, catalog, logs)
  return { bucket, transform, deliveryStream, catalog, athena }
}
