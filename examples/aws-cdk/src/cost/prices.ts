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
  kinesisExtendedRetentionGbMonth: number
  kinesisShardHour: number
  kinesisPerMillionPutUnits: number
  kinesisExtendedRetentionShardHour: number
  cloudfrontPer10kHttpsRequests: number
  cloudfrontOutPerGb: number
  cloudfrontToOriginPerGb: number
  wafWebAclMonth: number
  wafRuleMonth: number
  wafPerMillionRequests: number
  secretMonth: number
  secretPer10kApiCalls: number
  kmsKeyMonth: number
}

/**
 * AWS list prices, us-east-1, on the date below. The first block is as remembered when the model was
 * written; the issue-20 block says, per price, which public page it was checked against (a stored copy
 * found by search, no live pricing API) or "assumed, unverified" where the copy did not show the figure.
 * Verify them against AWS's pricing pages before relying on the estimate.
 */
export const US_EAST_1_PRICES: Prices = {
  asOf: '2026-11',
  /** Kinesis Data Streams on-demand: per stream-hour, per GB in (records rounded up to 1 KB, as aws.amazon.com/kinesis/data-streams/pricing says), per GB read. */
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
  // Issue 20.
  /**
   * Kinesis on-demand, extended retention (past 24 h, up to 7 days), per GB-month: assumed, unverified
   * (aws.amazon.com/kinesis/data-streams/pricing/ names the charge; its stored copy shows no figure).
   */
  kinesisExtendedRetentionGbMonth: 0.1,
  /**
   * Kinesis provisioned: per shard-hour, per million 25 KB PUT payload units, and extended retention per
   * shard-hour. Shard-hour and PUT units: third-party summaries of the same page (kindatechnical.com
   * lesson 29; EveryMundo/aws-kinesis-client docs); extended retention: assumed, unverified.
   */
  kinesisShardHour: 0.015,
  kinesisPerMillionPutUnits: 0.014,
  kinesisExtendedRetentionShardHour: 0.02,
  /**
   * CloudFront, United States: per 10,000 HTTPS requests (assumed, unverified: the stored pricing page
   * shows data transfer only; docs.aws.amazon.com's "How CloudFront processes HTTP and HTTPS requests"
   * says HTTPS costs more than HTTP's $0.0075), per GB out to the internet, first 10 TB
   * (aws.amazon.com/cloudfront/pricing), per GB out to the origin (infracost's CloudFront price list).
   * The always-free tier (1 TB and 10 M requests a month, same page) is not subtracted.
   */
  cloudfrontPer10kHttpsRequests: 0.01,
  cloudfrontOutPerGb: 0.085,
  cloudfrontToOriginPerGb: 0.02,
  /**
   * AWS WAF: per web ACL-month, per rule-month, per million requests (aws.amazon.com/waf/pricing as
   * quoted by aws.amazon.com/blogs/networking-and-content-delivery "Cost-effective ways for securing your
   * web applications using AWS WAF" and c3x.dev; same in every Region).
   */
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.6,
  /** Secrets Manager: per secret-month and per 10,000 API calls (as quoted by hivebook.wiki's Secrets Manager page). */
  secretMonth: 0.4,
  secretPer10kApiCalls: 0.05,
  /** KMS: per customer managed key-month; 20,000 requests a month free (wring.co and cloudburn.io KMS pricing guides). */
  kmsKeyMonth: 1,
}
