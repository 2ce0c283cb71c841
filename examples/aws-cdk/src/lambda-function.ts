import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import { BUNDLE_HANDLER, bundleEntry } from './bundle.js'
import type { ResolvedClickstreamConfig } from './config.js'
import { allowNag } from './nag.js'

export interface ClickstreamFunctionProps {
  entry: string
  memoryMb: number
  timeout: Duration
  environment: Record<string, string>
  reservedConcurrency?: number
  /** Files the function reads at run time (the geo database): path in the asset → local path. */
  files?: Readonly<Record<string, string>>
  /**
   * Why the function has no dead-letter queue (cdk-nag's Serverless-LambdaDLQ): a function DLQ
   * catches failed asynchronous invocations only; say how this one is invoked and where its
   * failures go instead.
   */
  noDeadLetterQueue: string
}

/**
 * An arm64 Node.js function bundled from a TypeScript entry, with its own log group (one month)
 * and a role that may write only to that log group: every other permission is granted by name.
 * X-Ray active tracing when `tracing` is on.
 */
export function createClickstreamFunction(
  scope: Construct,
  id: string,
  config: ResolvedClickstreamConfig,
  props: ClickstreamFunctionProps,
): LambdaFunction {
  const runtime = new Runtime(config.runtime)
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  })
  const role = new Role(scope, `${id}Role`, {
    // Only Lambda acting for this account (confused-deputy guard; Lambda sends aws:SourceAccount).
    assumedBy: new ServicePrincipal('lambda.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  })
  role.addToPolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  )
  const fn = new LambdaFunction(scope, id, {
    runtime,
    architecture: Architecture.ARM_64,
    code: bundleEntry(props.entry, {
      target: `node${config.runtime.slice(6, 8)}`,
      ...(props.files ? { files: props.files } : {}),
    }),
    handler: BUNDLE_HANDLER,
    memorySize: props.memoryMb,
    timeout: props.timeout,
    role,
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    ...(props.reservedConcurrency === undefined
      ? {}
      : { reservedConcurrentExecutions: props.reservedConcurrency }),
    tracing: config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    description: `clickstream ${id} (${Stack.of(scope).stackName})`,
  })
  allowNag(fn, [{ id: 'Serverless-LambdaDLQ', reason: props.noDeadLetterQueue }])
  if (config.tracing) {
    allowNag(role, [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray (tracing: true): xray:PutTraceSegments and PutTelemetryRecords have no resource type',
      },
    ])
  } else {
    allowNag(fn, [
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'X-Ray tracing is an option (tracing: true): it is billed per trace and off by default',
      },
    ])
  }
  return fn
}
