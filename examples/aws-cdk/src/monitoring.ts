import { Duration } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'
import type { Collector } from './collector.js'
import type { ResolvedClickstreamConfig } from './config.js'
import type { Lake } from './lake/lake.js'
import { type AlarmSpec, lakeMonitoring } from './lake/monitoring.js'
import type { Sessionizer } from './sessionizer.js'
import type { ClickstreamStreams } from './streams.js'

export interface Monitoring {
  alarms: Alarm[]
  dashboard: Dashboard
  topic?: Topic
}

const period = Duration.minutes(1)

/** Alarms on what needs a human, a dashboard of the pipeline, and an optional e-mail topic. */
export function createMonitoring(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  parts: {
    collector: Collector
    sessionizer: Sessionizer
    streams: ClickstreamStreams
    lake?: Lake | undefined
  },
): Monitoring {
  const { collector, sessionizer, streams } = parts
  const sum = (fn: LambdaFunction, name: string) => fn.metric(name, { statistic: 'Sum', period })
  const iteratorAge = sessionizer.fn.metric('IteratorAge', { statistic: 'Maximum', period })
  const collector5xx = sum(collector.fn, 'Url5xxCount')
  const dlqDepth = sessionizer.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period })

  const alarm = (
    id: string,
    metric: IMetric,
    threshold: number,
    description: string,
    periods = 1,
    comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ) =>
    new Alarm(scope, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: comparison,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    })
  const lake = parts.lake ? lakeMonitoring(config, parts.lake) : undefined
  const fromSpec = (s: AlarmSpec) =>
    alarm(s.id, s.metric, s.threshold, s.description, s.periods, s.comparison)
  const alarms = [
    alarm(
      'SessionizerIteratorAgeAlarm',
      iteratorAge,
      config.iteratorAgeAlarmSeconds * 1000,
      'The sessionizer is falling behind the events stream',
      5,
    ),
    alarm(
      'SessionizerErrorsAlarm',
      sessionizer.fn.metricErrors({ period }),
      1,
      'Sessionizer invocations failed',
      5,
    ),
    alarm(
      'SessionizerThrottlesAlarm',
      sessionizer.fn.metricThrottles({ period }),
      1,
      'Sessionizer throttled',
      5,
    ),
    alarm(
      'SessionizerDeadLetterAlarm',
      dlqDepth,
      1,
      'Batches the sessionizer gave up on are waiting in the DLQ',
    ),
    alarm(
      'CollectorErrorsAlarm',
      collector.fn.metricErrors({ period }),
      1,
      'Collector invocations failed',
      3,
    ),
    alarm(
      'CollectorThrottlesAlarm',
      collector.fn.metricThrottles({ period }),
      1,
      'Collector throttled (clients will retry)',
      3,
    ),
    alarm(
      'Collector5xxAlarm',
      collector5xx,
      5,
      'The collector answered 5xx (events are retried by the SDKs)',
      3,
    ),
    ...(lake?.alarms.map(fromSpec) ?? []),
  ]
  let topic: Topic | undefined
  if (config.alarmEmail) {
    topic = new Topic(scope, 'AlarmTopic')
    topic.addSubscription(new EmailSubscription(config.alarmEmail))
    for (const a of alarms) a.addAlarmAction(new SnsAction(topic))
  }

  const dashboard = new Dashboard(scope, 'Dashboard', { defaultInterval: Duration.hours(3) })
  const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 8 })
  dashboard.addWidgets(
    graph('Collector requests', [
      sum(collector.fn, 'UrlRequestCount'),
      sum(collector.fn, 'Url4xxCount'),
      collector5xx,
    ]),
    graph('Collector latency (p99)', [collector.fn.metricDuration({ statistic: 'p99', period })]),
    graph('Events stream in', [
      streams.events.metricIncomingRecords({ period }),
      streams.rejected.metricIncomingRecords({ period }),
    ]),
    graph('Sessionizer iterator age', [iteratorAge]),
    graph('Sessionizer errors and throttles', [
      sessionizer.fn.metricErrors({ period }),
      sessionizer.fn.metricThrottles({ period }),
      dlqDepth,
    ]),
    graph('Sessionizer duration (p99)', [
      sessionizer.fn.metricDuration({ statistic: 'p99', period }),
    ]),
    ...(lake?.widgets ?? []),
  )
  return { alarms, dashboard, ...(topic ? { topic } : {}) }
}
