import { Duration, Stack } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose'
import { Key } from 'aws-cdk-lib/aws-kms'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'
import type { Archive } from './archive.js'
import type { Collector } from './collector.js'
import type { ResolvedClickstreamConfig } from './config.js'
import type { FrontDoor } from './front-door/cdn.js'
import type { Lake } from './lake/lake.js'
import { type AlarmSpec, lakeMonitoring } from './lake/monitoring.js'
import { firehoseMetric, serviceMetric } from './service-metric.js'
import type { Sessionizer } from './sessionizer.js'
import type { ClickstreamStreams } from './streams.js'

export type { AlarmSpec }

export interface Monitoring {
  alarms: Alarm[]
  dashboard: Dashboard
  /** Every alarm notifies it (KMS-encrypted); `alarmEmail` subscribes to it. */
  topic: Topic
}

export interface MonitoredParts {
  collector: Collector
  sessionizer: Sessionizer
  streams: ClickstreamStreams
  table: TableV2
  lake?: Lake | undefined
  archive?: Archive | undefined
  frontDoor?: FrontDoor | undefined
  /** More alarms (a caller's own), raised and routed like the stack's. */
  extraAlarms?: AlarmSpec[]
}

const period = Duration.minutes(1)

/** The sessionizer's own metrics (Powertools, service `sessionizer`). */
const sessionizerMetric = (metricName: string) => serviceMetric('sessionizer', metricName)

/** A percentage of two metrics, 0 when nothing was requested. */
const rate = (label: string, part: IMetric, whole: IMetric) =>
  new MathExpression({
    expression: 'IF(whole > 0, 100 * part / whole, 0)',
    usingMetrics: { part, whole },
    label,
    period,
  })

/**
 * Alarms on what needs a human, each notifying one KMS-encrypted SNS topic the stack always
 * creates (`alarmEmail` subscribes an address; add any other subscriber), and a dashboard of the
 * pipeline stage by stage with the end-to-end lag.
 */
export function createMonitoring(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  parts: MonitoredParts,
): Monitoring {
  const { collector, sessionizer, streams, table, archive } = parts
  const sum = (fn: LambdaFunction, name: string) => fn.metric(name, { statistic: 'Sum', period })
  const iteratorAge = sessionizer.fn.metric('IteratorAge', { statistic: 'Maximum', period })
  const requests = sum(collector.fn, 'UrlRequestCount')
  const collector4xx = sum(collector.fn, 'Url4xxCount')
  const collector5xx = sum(collector.fn, 'Url5xxCount')
  const collectorP99 = collector.fn.metricDuration({ statistic: 'p99', period })
  const dlqDepth = sessionizer.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period })
  const dlqAge = sessionizer.deadLetterQueue.metricApproximateAgeOfOldestMessage({ period })
  const eventsIn = streams.events.metricIncomingRecords({ period, statistic: 'Sum' })
  const writeThrottled = streams.events.metricWriteProvisionedThroughputExceeded({
    period,
    statistic: 'Sum',
  })
  const putThrottled = streams.events.metric('PutRecords.ThrottledRecords', {
    period,
    statistic: 'Sum',
  })
  const tableThrottles = (name: string) => table.metric(name, { period, statistic: 'Sum' })
  const lake = parts.lake ? lakeMonitoring(config, parts.lake) : undefined
  // The replay window: a DLQ message older than half of it is about to outlive its records.
  const replayWindowSeconds = (config.retentionHours - config.maxRecordAgeHours) * 3600

  const specs: AlarmSpec[] = [
    {
      id: 'SessionizerIteratorAgeAlarm',
      metric: iteratorAge,
      threshold: config.iteratorAgeAlarmSeconds * 1000,
      description: 'The sessionizer is falling behind the events stream',
      periods: 5,
    },
    {
      id: 'SessionizerErrorsAlarm',
      metric: sessionizer.fn.metricErrors({ period }),
      threshold: 1,
      description: 'Sessionizer invocations failed',
      periods: 5,
    },
    {
      id: 'SessionizerThrottlesAlarm',
      metric: sessionizer.fn.metricThrottles({ period }),
      threshold: 1,
      description: 'Sessionizer throttled',
      periods: 5,
    },
    {
      id: 'SessionizerDeadLettersAlarm',
      metric: sessionizerMetric('RecordsDeadLettered'),
      threshold: 1,
      description: 'Records the sessionizer could not decode were set aside (dead-letter items)',
    },
    {
      id: 'SessionizerKeysFailedAlarm',
      metric: sessionizerMetric('KeysFailed'),
      threshold: 1,
      description: 'Keys the sessionizer could not commit (their records are retried)',
      periods: 5,
    },
    {
      id: 'SessionizerStateTooLargeAlarm',
      metric: sessionizerMetric('EventsStateTooLarge'),
      threshold: 1,
      description: 'Events left out because a key’s state reached its size bound',
    },
    {
      id: 'SessionizerDeadLetterAlarm',
      metric: dlqDepth,
      threshold: 1,
      description:
        'Batches the sessionizer gave up on wait in the DLQ: re-drive with pnpm replay --dlq',
    },
    {
      id: 'DeadLetterQueueAgeAlarm',
      metric: dlqAge,
      threshold: replayWindowSeconds / 2,
      description: `A DLQ message is older than half the replay window (${replayWindowSeconds / 3600} h): re-drive it before its records leave the stream`,
    },
    {
      id: 'CollectorErrorsAlarm',
      metric: collector.fn.metricErrors({ period }),
      threshold: 1,
      description: 'Collector invocations failed',
      periods: 3,
    },
    {
      id: 'CollectorThrottlesAlarm',
      metric: collector.fn.metricThrottles({ period }),
      threshold: 1,
      description: 'Collector throttled at its reserved concurrency (clients retry)',
      periods: 3,
    },
    {
      id: 'Collector5xxAlarm',
      metric: rate('5xx %', collector5xx, requests),
      threshold: 1,
      description: 'Over 1% of collector requests answered 5xx (the SDKs retry them)',
      periods: 3,
    },
    {
      id: 'Collector4xxAlarm',
      metric: rate('4xx %', collector4xx, requests),
      threshold: 20,
      description:
        'Over 20% of collector requests refused (a bad deploy of a site, a revoked key, a flood)',
      periods: 5,
    },
    {
      id: 'CollectorLatencyAlarm',
      metric: collectorP99,
      threshold: 1000,
      description: 'Collector p99 duration above 1 s',
      periods: 5,
    },
    {
      id: 'EventsWriteThrottledAlarm',
      metric: writeThrottled,
      threshold: 1,
      description:
        'Kinesis refused writes to the events stream (WriteProvisionedThroughputExceeded)',
      periods: 3,
    },
    {
      id: 'EventsPutThrottledAlarm',
      metric: putThrottled,
      threshold: 1,
      description: 'PutRecords records throttled on the events stream (the collector retries)',
      periods: 3,
    },
    {
      id: 'TableWriteThrottlesAlarm',
      metric: tableThrottles('WriteThrottleEvents'),
      threshold: 1,
      description: 'DynamoDB throttled writes to the sessions table',
      periods: 3,
    },
    {
      id: 'TableReadThrottlesAlarm',
      metric: tableThrottles('ReadThrottleEvents'),
      threshold: 1,
      description: 'DynamoDB throttled reads of the sessions table',
      periods: 3,
    },
    ...(archive ? archiveAlarms(config, archive) : []),
    ...(lake?.alarms ?? []),
    ...(parts.extraAlarms ?? []),
  ]
  const alarms = specs.map(
    (s) =>
      new Alarm(scope, s.id, {
        metric: s.metric,
        threshold: s.threshold,
        evaluationPeriods: s.periods ?? 1,
        comparisonOperator: s.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: s.missing ?? TreatMissingData.NOT_BREACHING,
        alarmDescription: s.description,
      }),
  )
  if (config.noEventsAlarmMinutes !== -1) {
    alarms.push(
      new Alarm(scope, 'NoEventsAlarm', {
        metric: streams.events.metricIncomingRecords({
          period: Duration.minutes(config.noEventsAlarmMinutes),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        // No data is the incident here: nothing reached the stream.
        treatMissingData: TreatMissingData.BREACHING,
        alarmDescription: `No event reached the events stream for ${config.noEventsAlarmMinutes} minutes`,
      }),
    )
  }
  const topic = createAlarmTopic(scope, config)
  for (const a of alarms) a.addAlarmAction(new SnsAction(topic))

  const dashboard = new Dashboard(scope, 'Dashboard', { defaultInterval: Duration.hours(3) })
  const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
    new GraphWidget({ title, left, right, width: 8 })
  const sessionizerIn = streams.events.metric('GetRecords.Records', { period, statistic: 'Sum' })
  dashboard.addWidgets(
    graph('Collector requests', [requests, collector4xx, collector5xx]),
    graph('Collector latency (p99)', [collectorP99]),
    graph('Records in and out, per stage', [
      eventsIn,
      sessionizerIn,
      sessionizerMetric('Records'),
      ...(archive ? [firehoseMetric(archive.deliveryStream, 'DeliveryToS3.Records', 'Sum')] : []),
    ]),
    graph('Events stream throttling', [writeThrottled, putThrottled]),
    graph(
      'End-to-end lag (s)',
      [
        new MathExpression({
          expression: 'age / 1000',
          usingMetrics: { age: iteratorAge },
          label: 'sessionizer iterator age',
          period,
        }),
      ],
      [
        ...(archive
          ? [firehoseMetric(archive.deliveryStream, 'DeliveryToS3.DataFreshness', 'Maximum')]
          : []),
      ],
    ),
    graph('Sessionizer errors, throttles, DLQ', [
      sessionizer.fn.metricErrors({ period }),
      sessionizer.fn.metricThrottles({ period }),
      dlqDepth,
      sessionizerMetric('KeysFailed'),
      sessionizerMetric('RecordsDeadLettered'),
    ]),
    graph('Sessionizer duration (p99)', [
      sessionizer.fn.metricDuration({ statistic: 'p99', period }),
    ]),
    graph('Sessions table throttles', [
      tableThrottles('WriteThrottleEvents'),
      tableThrottles('ReadThrottleEvents'),
    ]),
    ...(lake?.widgets ?? []),
  )
  return { alarms, dashboard, topic }
}

/** The archive's two Firehoses: failing deliveries and falling behind. */
function archiveAlarms(config: ResolvedClickstreamConfig, archive: Archive): AlarmSpec[] {
  return [
    ['Archive', archive.deliveryStream],
    ['RejectedArchive', archive.rejectedDeliveryStream],
  ].flatMap(([name, stream]) => [
    {
      id: `${name}DeliveryAlarm`,
      metric: firehoseMetric(stream as CfnDeliveryStream, 'DeliveryToS3.Success', 'Minimum'),
      threshold: 1,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `Firehose could not write to the archive bucket (${name})`,
    },
    {
      id: `${name}FreshnessAlarm`,
      metric: firehoseMetric(stream as CfnDeliveryStream, 'DeliveryToS3.DataFreshness', 'Maximum'),
      threshold: config.archiveBufferSeconds + 900,
      description: `The archive is falling behind its stream (${name})`,
      periods: 3,
    },
  ])
}

/**
 * The alarm topic: encrypted with its own customer-managed key (rotated yearly) whose policy lets
 * CloudWatch of this account use it to publish, TLS only.
 */
function createAlarmTopic(scope: Construct, config: ResolvedClickstreamConfig): Topic {
  const stack = Stack.of(scope)
  const key = new Key(scope, 'AlarmTopicKey', {
    description: 'clickstream: encrypts the alarm topic',
    enableKeyRotation: true,
  })
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: 0 as never,
          }),
        },
      },
    }),
  )
  const topic = new Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true })
  if (config.alarmEmail) topic.addSubscription(new EmailSubscription(config.alarmEmail))
  return topic
}
