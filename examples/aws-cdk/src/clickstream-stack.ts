import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { createArchive } from './archive.js'
import { createCollector } from './collector.js'
import {
  type ClickstreamConfig,
  type ResolvedClickstreamConfig,
  resolveClickstreamConfig,
} from './config.js'
import { lambdaEnrichment } from './enrichment.js'
import { createFrontDoor } from './front-door/cdn.js'
import { createLake } from './lake/lake.js'
import { createRejectedTable } from './lake/rejected-table.js'
import { createMonitoring } from './monitoring.js'
import { createAccessLogsBucket } from './private-bucket.js'
import { createSessionizer } from './sessionizer.js'
import { createSessionsTable } from './sessions-table.js'
import { createStreams } from './streams.js'

export interface ClickstreamStackProps extends StackProps {
  config?: ClickstreamConfig
}

/**
 * clickstream on AWS: collector (Function URL) → Kinesis → sessionizer → DynamoDB, a Firehose
 * archive to S3, the Parquet event lake (Firehose, Glue, Athena), alarms and a dashboard. Environment-agnostic: synthesizes without an account.
 */
export class ClickstreamStack extends Stack {
  readonly config: ResolvedClickstreamConfig

  constructor(scope: Construct, id: string, props: ClickstreamStackProps = {}) {
    super(scope, id, props)
    const config = resolveClickstreamConfig(props.config)
    this.config = config
    const enrichment = lambdaEnrichment(config)
    const streams = createStreams(this, config)
    const table = createSessionsTable(this, config)
    const logs = createAccessLogsBucket(this, config)
    const collector = createCollector(this, config, streams, table)
    const frontDoor = config.cdn ? createFrontDoor(this, config, collector, logs) : undefined
    const sessionizer = createSessionizer(this, config, streams, table, enrichment)
    const archive = config.archive ? createArchive(this, config, streams, logs) : undefined
    const lake = config.lake
      ? createLake(this, config, streams.events, enrichment, logs)
      : undefined
    if (lake && archive) createRejectedTable(this, lake.catalog, lake.athena, archive.bucket)
    const monitoring = createMonitoring(this, config, {
      collector,
      sessionizer,
      streams,
      table,
      lake,
      archive,
      frontDoor,
    })

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description })
    output(
      'CollectorUrl',
      frontDoor?.url ?? collector.url.url,
      'Point the SDKs (apiHost / host) here',
    )
    if (frontDoor) {
      output(
        'CollectorOriginUrl',
        collector.url.url,
        'The Function URL behind the CDN (refuses direct calls)',
      )
      output(
        'DistributionDomainName',
        frontDoor.distribution.domainName,
        'CNAME target of domainName',
      )
    }
    output('AlarmTopicArn', monitoring.topic.topicArn, 'Every alarm notifies this SNS topic')
    output('SessionsTableName', table.tableName, 'DynamoDB table of sessions')
    output('EventsStreamName', streams.events.streamName, 'Kinesis stream of accepted events')
    output('RejectedStreamName', streams.rejected.streamName, 'Kinesis stream of rejected events')
    output(
      'DeadLetterQueueUrl',
      sessionizer.deadLetterQueue.queueUrl,
      'Batches the sessionizer gave up on',
    )
    if (archive)
      output('ArchiveBucketName', archive.bucket.bucketName, 'Raw archive (Firehose → S3)')
    if (lake) {
      output('LakeBucketName', lake.bucket.bucketName, 'Event lake: Parquet by event date')
      output('LakeDatabaseName', lake.catalog.databaseName, 'Glue database of the lake')
      output('LakeWorkGroupName', lake.athena.workGroup.ref, 'Athena workgroup of the lake')
    }
  }
}
