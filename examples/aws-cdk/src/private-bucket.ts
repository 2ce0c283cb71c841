import { RemovalPolicy } from 'aws-cdk-lib'
import { BlockPublicAccess, Bucket, BucketEncryption, type LifecycleRule } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'

/**
 * A bucket as the stack keeps data: SSE-S3, no public access, TLS only, retained with the stack
 * unless `destroyData` (then emptied and deleted).
 */
export function createPrivateBucket(
  scope: Construct,
  id: string,
  config: ResolvedClickstreamConfig,
  lifecycleRules: LifecycleRule[],
): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: config.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    autoDeleteObjects: config.destroyData,
    lifecycleRules,
  })
}
