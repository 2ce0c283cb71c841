import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import { allowNag } from './nag.js'

export interface PrivateBucketOptions {
  /** Keep overwritten and deleted objects (expired by a noncurrent-version rule). @default false */
  versioned?: boolean
  /** Server access logs go here, under `s3/<id>/`. @default none (the access-logs bucket itself) */
  accessLogs?: Bucket
  /** CloudFront's standard logs need ACLs: `BUCKET_OWNER_PREFERRED`. @default BUCKET_OWNER_ENFORCED */
  objectOwnership?: ObjectOwnership
}

/**
 * A bucket as the stack keeps data: SSE-S3, no public access, TLS only, access-logged, retained
 * with the stack unless `destroyData` (then emptied and deleted).
 */
export function createPrivateBucket(
  scope: Construct,
  id: string,
  config: ResolvedClickstreamConfig,
  lifecycleRules: LifecycleRule[],
  options: PrivateBucketOptions = {},
): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: config.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    autoDeleteObjects: config.destroyData,
    lifecycleRules,
    versioned: options.versioned ?? false,
    objectOwnership: options.objectOwnership ?? ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...(options.accessLogs
      ? { serverAccessLogsBucket: options.accessLogs, serverAccessLogsPrefix: `s3/${id}/` }
      : {}),
  })
}

/** How long access logs (S3 server access logs, CloudFront standard logs) are kept, in days. */
export const ACCESS_LOG_DAYS = 90

/** The bucket every other bucket and the CDN log to; its own accesses are not logged. */
export function createAccessLogsBucket(
  scope: Construct,
  config: ResolvedClickstreamConfig,
): Bucket {
  const bucket = createPrivateBucket(
    scope,
    'AccessLogsBucket',
    config,
    [
      {
        id: 'expire-logs',
        expiration: Duration.days(ACCESS_LOG_DAYS),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED },
  )
  allowNag(bucket, [
    {
      id: 'AwsSolutions-S1',
      reason: 'the access-logs bucket itself: logging it would log its own log deliveries',
    },
  ])
  return bucket
}
