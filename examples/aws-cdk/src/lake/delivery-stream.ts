import { LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { Stack } from 'aws-cdk-lib'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from '../config.js'
import { allowFirehoseFromStream, createFirehoseRole } from '../firehose-role.js'
import { allowNag, logicalIdOf } from '../nag.js'
import { LAKE_EVENTS_PREFIX, type LakeCatalog } from './catalog.js'

/** Where Firehose writes the lake's Parquet files: the transformation Lambda's partition key. */
export const LAKE_PREFIX = `${LAKE_EVENTS_PREFIX}${LAKE_PARTITION_COLUMN}=!{partitionKeyFromLambda:${LAKE_PARTITION_COLUMN}}/`
/**
 * Where what Firehose could not deliver lands, by error type (`processing-failed`: records the
 * Lambda failed; `format-conversion-failed`; …) and arrival date: the local lake's layout.
 */
export const LAKE_ERROR_PREFIX = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/'

/**
 * Data the Lambda receives per invocation, MiB. Its rows are bigger than the envelopes (every
 * column named on every row: measured ×1.18 on 1.1 KB page events, about ×3 on bare tracks) and
 * base64 adds a third: 1 MiB in answers at most ~5.6 MB even at ×4, inside Lambda's 6 MB
 * synchronous response; 3 MiB (Firehose's most) would not be.
 */
export const LAKE_TRANSFORM_BUFFER_MB = 1

/**
 * The lake's Firehose on the events stream: the transformation Lambda turns each record into its
 * rows and names the record's `event_date`; dynamic partitioning files it under that date; record
 * format conversion writes Parquet (GZIP) against the Glue table, reading the rows' epoch
 * milliseconds with the Hive JSON SerDe's `millis` format. Several JSON objects in one record are
 * what the deserializer expects ("{"a":1}{"a":2}", Firehose developer guide, record format
 * conversion), so an envelope's rows stay one record. The role names every action and resource.
 */
export function createLakeDeliveryStream(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  parts: { events: Stream; bucket: Bucket; transform: LambdaFunction; catalog: LakeCatalog },
): CfnDeliveryStream {
  const { events, bucket, transform, catalog } = parts
  const stack = Stack.of(scope)
  const { role, logGroup, logStream } = createFirehoseRole(scope, 'LakeDelivery', {
    stream: events,
    bucket,
  })
  const glue = (resource: string, resourceName?: string) =>
    stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) })
  const statements = [
    new PolicyStatement({
      actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
      resources: [transform.functionArn, `${transform.functionArn}:*`],
    }),
    new PolicyStatement({
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [
        glue('catalog'),
        glue('database', catalog.databaseName),
        glue('table', `${catalog.databaseName}/${catalog.tableName}`),
      ],
    }),
  ]
  for (const statement of statements) role.addToPolicy(statement)

  const deliveryStream = new CfnDeliveryStream(scope, 'LakeDeliveryStream', {
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: events.streamArn, roleArn: role.roleArn },
    extendedS3DestinationConfiguration: {
      bucketArn: bucket.bucketArn,
      roleArn: role.roleArn,
      prefix: LAKE_PREFIX,
      errorOutputPrefix: LAKE_ERROR_PREFIX,
      fileExtension: '.parquet',
      bufferingHints: {
        intervalInSeconds: config.lakeBufferSeconds,
        sizeInMBs: config.lakeBufferMb,
      },
      dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
      processingConfiguration: {
        enabled: true,
        processors: [
          {
            type: 'Lambda',
            parameters: [
              { parameterName: 'LambdaArn', parameterValue: transform.functionArn },
              {
                parameterName: 'BufferSizeInMBs',
                parameterValue: String(LAKE_TRANSFORM_BUFFER_MB),
              },
              { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
              { parameterName: 'NumberOfRetries', parameterValue: '3' },
            ],
          },
        ],
      },
      dataFormatConversionConfiguration: {
        enabled: true,
        inputFormatConfiguration: {
          deserializer: { hiveJsonSerDe: { timestampFormats: ['millis'] } },
        },
        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'GZIP' } } },
        schemaConfiguration: {
          catalogId: stack.account,
          region: stack.region,
          databaseName: catalog.databaseName,
          tableName: catalog.tableName,
          roleArn: role.roleArn,
          versionId: 'LATEST',
        },
      },
      cloudWatchLoggingOptions: {
        enabled: true,
        logGroupName: logGroup.logGroupName,
        logStreamName: logStream.logStreamName,
      },
    },
  })
  // Firehose checks its role's access on creation: the policy and the table must exist first.
  deliveryStream.node.addDependency(role, catalog.table)
  allowFirehoseFromStream(deliveryStream)
  allowNag(role, [
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(transform)}.Arn>:*]`,
      reason:
        'Firehose invokes the transformation by qualified ARN (a version or alias of the one function)',
    },
  ])
  return deliveryStream
}
