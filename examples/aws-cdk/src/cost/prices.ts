/** Unit prices the estimate uses, USD. */
export interface Prices {
  asOf: string
  kinesisStreamHour: number
  kinesisIngestPerGb: number
  kinesisRetrievalPerGb: number
  lambdaArmGbSecond: number
  lambdaPerMillionRequests: number
  dynamoPerMillionWru: number
  dynamoPerMillionRru: number
  firehosePerGb: number
  firehoseConversionPerGb: number
  firehosePartitioningPerGb: number
  firehosePartitioningPerThousandObjects: number
  athenaPerTbScanned: number
  s3StandardGbMonth: number
  s3PerThousandPuts: number
  logsIngestPerGb: number
  alarmMonth: number
  dashboardMonth: number
}

/**
 * AWS list prices, us-east-1, as remembered on the date below (no network here to check):
 * verify them against AWS's pricing pages before relying on the estimate.
 */
export const US_EAST_1_PRICES: Prices = {
  asOf: '2026-11',
  /** Kinesis Data Streams on-demand: per stream-hour, per GB in (records rounded up to 1 KB), per GB read. */
  kinesisStreamHour: 0.04,
  kinesisIngestPerGb: 0.08,
  kinesisRetrievalPerGb: 0.04,
  /** Lambda arm64: per GB-second and per million requests. */
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  /** DynamoDB on-demand: per million write / read request units. */
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  /** Data Firehose, Kinesis stream as source: per GB ingested, records rounded up to 5 KB. */
  firehosePerGb: 0.029,
  /** …plus, for the lake: format conversion per GB, dynamic partitioning per GB and per 1,000 objects. */
  firehoseConversionPerGb: 0.018,
  firehosePartitioningPerGb: 0.02,
  firehosePartitioningPerThousandObjects: 0.005,
  /** Athena (SQL on S3): per TB scanned, 10 MB minimum per query. */
  athenaPerTbScanned: 5,
  /** S3 Standard: per GB-month and per 1,000 PUT requests. */
  s3StandardGbMonth: 0.023,
  s3PerThousandPuts: 0.005,
  /** CloudWatch Logs: per GB ingested. */
  logsIngestPerGb: 0.5,
  /** CloudWatch: per standard alarm-month, per dashboard-month (past the free three). */
  alarmMonth: 0.1,
  dashboardMonth: 3,
}
