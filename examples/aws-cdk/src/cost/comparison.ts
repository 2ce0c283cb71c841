/**
 * The cost table of the "Clickstream Analytics on AWS" solution's implementation guide (its "Cost"
 * page, us-east-1 on-demand prices), rows with a Kinesis on-demand sink: ingestion module (ALB, ECS
 * on EC2, Kinesis on-demand, S3), plus its data processing and modeling module run daily (EMR
 * Serverless, Redshift Serverless) and its logs and monitoring (~$14). A request there carries
 * 1 KB compressed at 1:10, about 10 KB of JSON: our SDK's 10 events of ~1 KB.
 */
export const AWS_SOLUTION_COST = {
  /** The rows below are read from this file of the solution's repository… */
  source:
    'github.com/awslabs/clickstream-analytics-on-aws, docs/en/plan-deployment/cost.md (commit 07e881d8)',
  /** …the published guide's page, whose current revision adds a 10,000 RPS row (not read here). */
  url: 'https://docs.aws.amazon.com/solutions/latest/clickstream-analytics-on-aws/cost.md',
  logsMonthly: 14,
  rows: [
    { requestsPerSecond: 10, ingestion: 168, processingDaily: 12.6 },
    { requestsPerSecond: 100, ingestion: 254, processingDaily: 56.1 },
    { requestsPerSecond: 1000, ingestion: 1108, processingDaily: 736 },
  ],
} as const
