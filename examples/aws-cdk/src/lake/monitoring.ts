import { Duration } from 'aws-cdk-lib'
import {
  ComparisonOperator,
  GraphWidget,
  type IMetric,
  type TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import type { ResolvedClickstreamConfig } from '../config.js'
import { firehoseMetric, serviceMetric } from '../service-metric.js'
import type { Lake } from './lake.js'
import { LAKE_TRANSFORM_METRICS } from './transform-handler.js'

/** An alarm as `createMonitoring` builds it. */
export interface AlarmSpec {
  id: string
  metric: IMetric
  threshold: number
  description: string
  /** @default 1 */
  periods?: number
  /** @default greater than or equal to the threshold */
  comparison?: ComparisonOperator
  /** @default not breaching (no data: nothing happened) */
  missing?: TreatMissingData
}

/** Firehose delivers in buffers of minutes: a five-minute period, so one slow minute is no incident. */
const period = Duration.minutes(5)

/**
 * What needs a human in the lake: the transformation Lambda failing, records that are no
 * envelope (in `errors/processing-failed/`), Firehose unable to invoke it, convert or deliver, and
 * deliveries falling behind. With the graphs of the dashboard.
 */
export function lakeMonitoring(
  config: ResolvedClickstreamConfig,
  lake: Lake,
): { alarms: AlarmSpec[]; widgets: GraphWidget[] } {
  const firehose = (metricName: string, statistic: string) =>
    firehoseMetric(lake.deliveryStream, metricName, statistic)
  const transform = (metricName: string) => serviceMetric('lake-transform', metricName)
  const failed = transform(LAKE_TRANSFORM_METRICS.failed)
  const invoked = firehose('ExecuteProcessing.Success', 'Minimum')
  const converted = firehose('FailedConversion.Records', 'Sum')
  const delivered = firehose('DeliveryToS3.Success', 'Minimum')
  const freshness = firehose('DeliveryToS3.DataFreshness', 'Maximum')
  const below = ComparisonOperator.LESS_THAN_THRESHOLD
  const alarms: AlarmSpec[] = [
    {
      id: 'LakeTransformErrorsAlarm',
      metric: lake.transform.metricErrors({ period: Duration.minutes(1) }),
      threshold: 1,
      description:
        'Lake transformation invocations failed (Firehose retries, then fails the batch)',
      periods: 3,
    },
    {
      id: 'LakeRecordsFailedAlarm',
      metric: failed,
      threshold: 1,
      description: 'Records that are no envelope went to the lake’s errors/processing-failed/',
    },
    {
      id: 'LakeProcessingAlarm',
      metric: invoked,
      threshold: 1,
      comparison: below,
      description: 'Firehose could not invoke the lake transformation',
    },
    {
      id: 'LakeConversionAlarm',
      metric: converted,
      threshold: 1,
      description: 'Rows Firehose could not convert to Parquet (errors/format-conversion-failed/)',
    },
    {
      id: 'LakeDeliveryAlarm',
      metric: delivered,
      threshold: 1,
      comparison: below,
      description: 'Firehose could not write to the lake bucket',
    },
    {
      id: 'LakeFreshnessAlarm',
      metric: freshness,
      threshold: config.lakeBufferSeconds + 900,
      description: 'The lake is falling behind the events stream',
      periods: 3,
    },
  ]
  const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 8 })
  const widgets = [
    graph('Lake transformation', [
      transform(LAKE_TRANSFORM_METRICS.rows),
      failed,
      transform(LAKE_TRANSFORM_METRICS.invalid),
      transform(LAKE_TRANSFORM_METRICS.mixedDates),
    ]),
    graph('Lake delivery freshness (s)', [freshness]),
    graph('Lake failures', [lake.transform.metricErrors({ period }), converted]),
  ]
  return { alarms, widgets }
}
