import { ArnFormat, Duration, Stack } from 'aws-cdk-lib'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Stream } from 'aws-cdk-lib/aws-kinesis'
import {
  type FunctionUrl,
  FunctionUrlAuthType,
  HttpMethod,
  type Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'
import { createClickstreamFunction } from './lambda-function.js'
import type { ClickstreamStreams } from './streams.js'

export interface Collector {
  fn: LambdaFunction
  url: FunctionUrl
}

/** Headers the SDKs send (Segment's analytics.js sends Basic auth, so browsers preflight). */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'content-encoding', 'x-retry-count']

/**
 * The collector behind a public Function URL. Its sources (write keys) are read at run time from
 * an SSM SecureString parameter or a Secrets Manager secret: only the name is in the template.
 */
export function createCollector(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  streams: ClickstreamStreams,
): Collector {
  const fn = createClickstreamFunction(scope, 'Collector', config, {
    entry: config.collectorEntry,
    memoryMb: config.collectorMemoryMb,
    timeout: Duration.seconds(15),
    ...(config.collectorReservedConcurrency === undefined
      ? {}
      : { reservedConcurrency: config.collectorReservedConcurrency }),
    environment: {
      KINESIS_STREAM: streams.events.streamName,
      REJECTED_STREAM: streams.rejected.streamName,
      CORS_ORIGINS: config.corsOrigins.join(','),
      ...(config.sourcesSecret
        ? { SOURCES_SECRET: config.sourcesSecret }
        : { SOURCES_PARAMETER: config.sourcesParameter }),
      LOG_LEVEL: 'info',
    },
  })
  fn.addToRolePolicy(putRecords(streams.events, streams.rejected))
  fn.addToRolePolicy(readSources(scope, config))
  const url = fn.addFunctionUrl({
    authType: FunctionUrlAuthType.NONE,
    cors: {
      allowedOrigins: config.corsOrigins,
      allowedMethods: [HttpMethod.POST, HttpMethod.GET],
      allowedHeaders: ALLOWED_HEADERS,
      maxAge: Duration.days(1),
    },
  })
  return { fn, url }
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
