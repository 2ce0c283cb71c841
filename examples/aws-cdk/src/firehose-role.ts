import { RemovalPolicy, Stack } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import type { Construct, IConstruct } from 'constructs'
import { allowNag, logicalIdOf } from './nag.js'

export interface FirehoseRole {
  role: Role
  logGroup: LogGroup
  logStream: LogStream
}

/**
 * The role of a Firehose that reads one stream and writes one bucket: the actions Firehose's
 * developer guide lists for a Kinesis source and an S3 destination, and no `s3:DeleteObject`
 * (a Firehose never deletes, so a compromised or misconfigured one cannot erase the archive). It
 * is assumed with the account as external id, Firehose's documented confused-deputy guard (its
 * guide names no `aws:SourceArn` for the role; a condition on a key the service does not send
 * would deny every delivery). Delivery errors go to the log group it returns.
 */
export function createFirehoseRole(
  scope: Construct,
  id: string,
  parts: { stream: Stream; bucket: Bucket },
): FirehoseRole {
  const stack = Stack.of(scope)
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('firehose.amazonaws.com'),
    externalIds: [stack.account],
  })
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  })
  const logStream = new LogStream(scope, `${id}LogStream`, {
    logGroup,
    logStreamName: 'DestinationDelivery',
    removalPolicy: RemovalPolicy.DESTROY,
  })
  const statements = [
    new PolicyStatement({
      actions: [
        'kinesis:DescribeStream',
        'kinesis:GetShardIterator',
        'kinesis:GetRecords',
        'kinesis:ListShards',
      ],
      resources: [parts.stream.streamArn],
    }),
    new PolicyStatement({
      actions: [
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
      ],
      resources: [parts.bucket.bucketArn, parts.bucket.arnForObjects('*')],
    }),
    new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  ]
  for (const statement of statements) role.addToPolicy(statement)
  allowNag(role, [
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(parts.bucket)}.Arn>/*]`,
      reason:
        'Firehose writes objects under keys it makes up (prefix, date, random suffix): the objects of its one bucket',
    },
  ])
  return { role, logGroup, logStream }
}

/**
 * Firehose's own server-side encryption applies to Direct PUT only: a Firehose reading a Kinesis
 * stream delivers records the stream keeps KMS-encrypted into an SSE-S3 bucket.
 */
export function allowFirehoseFromStream(deliveryStream: IConstruct): void {
  allowNag(deliveryStream, [
    {
      id: 'AwsSolutions-KDF1',
      reason:
        'the source is a KMS-encrypted Kinesis stream (Firehose SSE is for Direct PUT only) and the bucket is SSE-S3',
    },
  ])
}
