import { Duration } from 'aws-cdk-lib'
import { Metric } from 'aws-cdk-lib/aws-cloudwatch'
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose'

/**
 * A metric a function of the stack publishes itself (Powertools: namespace `clickstream`,
 * dimension `service`), summed per minute.
 */
export const serviceMetric = (service: string, metricName: string) =>
  new Metric({
    namespace: 'clickstream',
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period: Duration.minutes(1),
  })

/**
 * A Firehose delivery stream's metric over five minutes: Firehose delivers in buffers of minutes,
 * so one slow minute is no incident.
 */
export const firehoseMetric = (stream: CfnDeliveryStream, metricName: string, statistic: string) =>
  new Metric({
    namespace: 'AWS/Firehose',
    metricName,
    dimensionsMap: { DeliveryStreamName: stream.ref },
    statistic,
    period: Duration.minutes(5),
  })
