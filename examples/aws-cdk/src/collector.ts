import { SUPPRESSION_PARTITION } from '@clickstream/privacy/dynamodb'
import { builtScript } from '@clickstream/sdk-browser/built'
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib'
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import {
  type FunctionUrl,
  FunctionUrlAuthType,
  type Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import { ORIGIN_SECRET_TTL_SECONDS } from './front-door/origin-secret.js'
import { createClickstreamFunction } from './lambda-function.js'
import type { ClickstreamStreams } from './streams.js'

/** The Segment build of the browser SDK, copied into the collector's asset under this name. */
const SEGMENT_SCRIPT = 'analytics.min.js'

export interface Collector {
  fn: LambdaFunction
  url: FunctionUrl
}

/**
 * The collector behind a Function URL (public: write keys authenticate; behind the CDN it also
 * demands the origin header). Its sources (write keys) are read at run time from an SSM
 * SecureString parameter or a Secrets Manager secret, and re-read every `sourcesTtlSeconds`: only
 * the name is in the template. The URL has no CORS of its own: the collector answers preflights
 * per source, so the browser origins follow the sources.
 */
export function createCollector(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  streams: ClickstreamStreams,
  table: TableV2,
): Collector {
  const fn = createClickstreamFunction(scope, 'Collector', config, {
    entry: config.collectorEntry,
    // The script Segment's stock snippet loads, served by the collector (SEGMENT_SCRIPT_FILE).
    files: { [SEGMENT_SCRIPT]: builtScript(SEGMENT_SCRIPT) },
    memoryMb: config.collectorMemoryMb,
    timeout: Duration.seconds(15),
    noDeadLetterQueue:
      'invoked synchronously by its Function URL: a failure is the HTTP answer, which the SDKs retry',
    ...(config.collectorReservedConcurrency === -1
      ? {}
      : { reservedConcurrency: config.collectorReservedConcurrency }),
    environment: {
      KINESIS_STREAM: streams.events.streamName,
      REJECTED_STREAM: streams.rejected.streamName,
      CORS_ORIGINS: config.corsOrigins.join(','),
      ...(config.sourcesSecret
        ? { SOURCES_SECRET: config.sourcesSecret }
        : { SOURCES_PARAMETER: config.sourcesParameter }),
      SOURCES_TTL_SECONDS: String(config.sourcesTtlSeconds),
      // analytics.js's settings send it here (the CDN's custom domain; else the request's host).
      ...(config.domainName ? { PUBLIC_HOST: config.domainName } : {}),
      SEGMENT_SCRIPT_FILE: `/var/task/${SEGMENT_SCRIPT}`, // the asset's root (LAMBDA_TASK_ROOT)
      // Deleted people (pnpm privacy delete): the table's #suppression partition.
      SUPPRESSION_TABLE: table.tableName,
      SUPPRESSION_TTL_SECONDS: String(config.sourcesTtlSeconds),
      ANONYMIZE_IP: String(config.anonymizeIp),
      LOG_LEVEL: 'info',
    },
  })
  fn.addToRolePolicy(putRecords(streams.events, streams.rejected))
  fn.addToRolePolicy(readSources(scope, config))
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [table.tableArn],
      // The suppression list's partition only: the collector reads no session.
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUPPRESSION_PARTITION] },
      },
    }),
  )
  if (config.sourcesKmsKeyArn) fn.addToRolePolicy(decryptSources(scope, config.sourcesKmsKeyArn))
  const url = fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE })
  return { fn, url }
}

/**
 * Behind the CDN: the collector refuses requests without `header` set to one of the secret's
 * current, pending or previous values (re-read every five minutes), and takes the client's
 * address from CloudFront's `CloudFront-Viewer-Address`.
 */
export function acceptOriginSecret(collector: Collector, secret: ISecret, header: string): void {
  collector.fn.addEnvironment('ORIGIN_SECRET_ID', secret.secretArn)
  collector.fn.addEnvironment('ORIGIN_SECRET_HEADER', header)
  collector.fn.addEnvironment('ORIGIN_SECRET_TTL_SECONDS', String(ORIGIN_SECRET_TTL_SECONDS))
  collector.fn.addEnvironment('VIEWER_ADDRESS_HEADER', 'cloudfront-viewer-address')
  secret.grantRead(collector.fn)
}

/** `kms:Decrypt` on the one key, and only when SSM or Secrets Manager asks for it. */
function decryptSources(scope: Construct, keyArn: string): PolicyStatement {
  const stack = Stack.of(scope)
  return new PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [keyArn],
    conditions: {
      StringEquals: {
        'kms:ViaService': [
          `ssm.${stack.region}.${stack.urlSuffix}`,
          `secretsmanager.${stack.region}.${stack.urlSuffix}`,
        ],
      },
    },
  })
}

function putRecords(...streams: Stream[]): PolicyStatement {
  return new PolicyStatement({
    actions: ['kinesis:PutRecords', 'kinesis:DescribeStreamSummary'],
    resources: streams.map((s) => s.streamArn),
  })
}

/** `ssm:GetParameter` on the one parameter, or `GetSecretValue` on the one secret. */
function readSources(scope: Construct, config: ResolvedClickstreamConfig): PolicyStatement {
  const stack = Stack.of(scope)
  if (config.sourcesSecret) {
    return new PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      // Secrets Manager appends six random characters to a secret's ARN.
      resources: [
        stack.formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${config.sourcesSecret}-??????`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    })
  }
  return new PolicyStatement({
    actions: ['ssm:GetParameter'],
    resources: [
      stack.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: config.sourcesParameter.replace(/^\//, ''),
      }),
    ],
  })
}
