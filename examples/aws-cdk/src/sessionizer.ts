import { Duration } from 'aws-cdk-lib'
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { type Function as LambdaFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import type { LambdaEnrichment } from './enrichment.js'
import { createClickstreamFunction } from './lambda-function.js'
import { allowNag } from './nag.js'
import type { ClickstreamStreams } from './streams.js'

export interface Sessionizer {
  fn: LambdaFunction
  /** Where the event source mapping sends batches it gave up on (shard, sequence range). */
  deadLetterQueue: Queue
}

/**
 * The sessionizer fed by a Kinesis event source mapping with partial batch responses. Records
 * that can never be decoded are set aside by the function itself (into the sessions table);
 * batches that keep failing go, as pointers, to the SQS dead-letter queue.
 */
export function createSessionizer(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  streams: ClickstreamStreams,
  table: TableV2,
  enrichment: LambdaEnrichment,
): Sessionizer {
  const fn = createClickstreamFunction(scope, 'Sessionizer', config, {
    entry: config.sessionizerEntry,
    memoryMb: config.sessionizerMemoryMb,
    timeout: Duration.seconds(60),
    noDeadLetterQueue:
      'invoked by a Kinesis event source mapping, whose failed batches go to its SQS on-failure destination (SessionizerDeadLetterQueue)',
    files: enrichment.files,
    environment: {
      ...enrichment.environment,
      TABLE_NAME: table.tableName,
      SESSION_GAP_MS: String(config.sessionGapMs),
      MAX_SESSION_MS: String(config.maxSessionMs),
      ...(config.sessionTtlDays === -1
        ? {}
        : { SESSION_TTL_MS: String(config.sessionTtlDays * 86_400_000) }),
      DEAD_LETTER_KIND: 'table',
      POWERTOOLS_SERVICE_NAME: 'sessionizer',
      POWERTOOLS_METRICS_NAMESPACE: 'clickstream',
    },
  })
  // Loads a key's state (consistent Query) and writes state, sessions and dead letters (conditional Put).
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query', 'dynamodb:PutItem'],
      resources: [table.tableArn],
    }),
  )
  const deadLetterQueue = new Queue(scope, 'SessionizerDeadLetterQueue', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  })
  allowNag(deadLetterQueue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: 'this queue is the dead-letter queue (the on-failure destination)',
    },
    { id: 'Serverless-SQSRedrivePolicy', reason: 'this queue is the dead-letter queue itself' },
  ])
  fn.addEventSource(
    new KinesisEventSource(streams.events, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: config.batchSize,
      maxBatchingWindow: Duration.seconds(config.batchingWindowSeconds),
      bisectBatchOnError: config.bisectOnError,
      reportBatchItemFailures: true,
      retryAttempts: config.retryAttempts === -1 ? undefined : config.retryAttempts,
      maxRecordAge:
        config.maxRecordAgeHours === -1 ? undefined : Duration.hours(config.maxRecordAgeHours),
      parallelizationFactor: config.parallelizationFactor,
      onFailure: new SqsDlq(deadLetterQueue),
    }),
  )
  return { fn, deadLetterQueue }
}
