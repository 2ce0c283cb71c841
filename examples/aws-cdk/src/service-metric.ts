import { Duration } from 'aws-cdk-lib'
import { Metric } from 'aws-cdk-lib/aws-cloudwatch'

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
