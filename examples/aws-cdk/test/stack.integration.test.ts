import { Match, type Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ALARMS } from '../src/cost/estimate.js'
import { removeSynthesized, synth } from './synth.js'

afterAll(removeSynthesized)

/** A write key that must never reach the template, even when it is in the synthesizing process's env. */
const SECRET_MARKER = 'wk_live_must_not_leak'

type Statement = { Action: string | string[]; Resource: unknown; Effect: string }

function statements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  )
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action])
const ref = (template: Template, type: string) => {
  const ids = Object.keys(template.findResources(type))
  expect(ids).toHaveLength(1)
  return ids[0] as string
}

describe('ClickstreamStack (defaults)', () => {
  let template: Template
  let json: string

  beforeAll(() => {
    process.env.SOURCES = JSON.stringify({ [SECRET_MARKER]: { id: 'web' } })
    try {
      ;({ template } = synth())
    } finally {
      delete process.env.SOURCES
    }
    json = JSON.stringify(template.toJSON())
  })

  it('has encrypted on-demand events and rejected streams', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 2)
    template.allResourcesProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      ShardCount: Match.absent(),
    })
  })

  it('runs both functions on arm64 Node with bundled code and the documented environment', () => {
    template.allResourcesProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          KINESIS_STREAM: { Ref: Match.stringLikeRegexp('^EventsStream') },
          REJECTED_STREAM: { Ref: Match.stringLikeRegexp('^RejectedStream') },
          SOURCES_PARAMETER: '/clickstream/sources',
          CORS_ORIGINS: '*',
        }),
      },
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^SessionsTable') },
          SESSION_GAP_MS: '1800000',
          DEAD_LETTER_KIND: 'table',
        }),
      },
    })
  })

  it('exposes the collector on a Function URL without CORS of its own (the collector answers per source)', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', Cors: Match.absent() })
  })

  it('feeds the sessionizer through a Kinesis event source mapping with partial batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsStream'), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [ref(template, 'AWS::SQS::Queue'), 'Arn'] } },
      },
    })
  })

  it('creates the sessions table as the sessionizer designs it', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'bySessionId',
          KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
        }),
        Match.objectLike({
          IndexName: 'byUserId',
          KeySchema: [
            { AttributeName: 'userId', KeyType: 'HASH' },
            { AttributeName: 'startedAt', KeyType: 'RANGE' },
          ],
        }),
      ]),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    })
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' })
  })

  it('archives the events stream to S3 through Firehose, date/hour partitioned and compressed', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: {
        KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsStream'), 'Arn'] },
      },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: Match.stringLikeRegexp('year=!\\{timestamp:yyyy\\}.*hour=!\\{timestamp:HH\\}/$'),
        ErrorOutputPrefix: Match.stringLikeRegexp('^errors/!\\{firehose:error-output-type\\}/'),
        CompressionFormat: 'GZIP',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [Match.objectLike({ Type: 'AppendDelimiterToRecord' })],
        },
      }),
    })
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
          }),
        ],
      },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    })
  })

  it('alarms on iterator age, errors, throttles, the dead-letter queue, collector 5xx and the lake', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as { MetricName: string; Namespace: string },
    )
    expect(alarms).toHaveLength(DEFAULT_ALARMS)
    expect(alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort()).toEqual([
      'AWS/DynamoDB/ReadThrottleEvents',
      'AWS/DynamoDB/WriteThrottleEvents',
      'AWS/Firehose/DeliveryToS3.DataFreshness',
      'AWS/Firehose/DeliveryToS3.DataFreshness',
      'AWS/Firehose/DeliveryToS3.DataFreshness',
      'AWS/Firehose/DeliveryToS3.Success',
      'AWS/Firehose/DeliveryToS3.Success',
      'AWS/Firehose/DeliveryToS3.Success',
      'AWS/Firehose/ExecuteProcessing.Success',
      'AWS/Firehose/FailedConversion.Records',
      'AWS/Kinesis/IncomingRecords',
      'AWS/Kinesis/PutRecords.ThrottledRecords',
      'AWS/Kinesis/WriteProvisionedThroughputExceeded',
      'AWS/Lambda/Duration',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Errors',
      'AWS/Lambda/IteratorAge',
      'AWS/Lambda/Throttles',
      'AWS/Lambda/Throttles',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'clickstream/EventsStateTooLarge',
      'clickstream/KeysFailed',
      'clickstream/RecordsDeadLettered',
      'clickstream/RecordsFailed',
      // The 4xx and 5xx rates: metric math over the URL's counts.
      'undefined/undefined',
      'undefined/undefined',
    ])
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: 60_000,
    })
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1)
  })

  it('grants each role only named actions on named resources', () => {
    const all = statements(template)
    for (const s of all) {
      // The one exception: an action that names no resource (the rotation schedule adds it).
      if (actions(s).join() === 'secretsmanager:GetRandomPassword') continue
      expect(s.Resource).not.toBe('*')
      expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"/)
      for (const action of actions(s)) expect(action).not.toMatch(/^[a-z0-9]+:\*$/)
    }
    const find = (action: string) => all.filter((s) => actions(s).includes(action))
    const put = find('kinesis:PutRecords')
    expect(put).toHaveLength(1)
    expect(put[0]?.Action).toEqual(['kinesis:PutRecords', 'kinesis:DescribeStreamSummary'])
    const streamIds = ((put[0]?.Resource ?? []) as { 'Fn::GetAtt': [string, string] }[]).map(
      (r) => r['Fn::GetAtt'][0],
    )
    expect(streamIds).toEqual([
      expect.stringMatching(/^EventsStream/),
      expect.stringMatching(/^RejectedStream/),
    ])
    expect(find('dynamodb:PutItem')).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:Query', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [ref(template, 'AWS::DynamoDB::GlobalTable'), 'Arn'] },
      }),
    ])
    expect(JSON.stringify(find('ssm:GetParameter'))).toContain(':parameter/clickstream/sources')
    // The event source mapping (sessionizer), the two Firehoses of the events stream and the
    // rejected stream's Firehose.
    expect(find('kinesis:GetRecords')).toHaveLength(4)
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0)
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined()
    }
  })

  it('keeps secrets out of the template', () => {
    expect(json).not.toContain(SECRET_MARKER)
    template.resourceCountIs('AWS::SSM::Parameter', 0)
    // Only the origin header's secret, generated by Secrets Manager: no value in the template.
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'))
    expect(secrets).toHaveLength(1)
    expect(secrets[0]?.Properties.GenerateSecretString).toBeDefined()
    expect(secrets[0]?.Properties.SecretString).toBeUndefined()
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain('SOURCES')
    }
  })

  it('outputs the collector URL, table and stream names', () => {
    for (const name of [
      'CollectorUrl',
      'SessionsTableName',
      'EventsStreamName',
      'RejectedStreamName',
    ]) {
      template.hasOutput(name, {})
    }
    template.hasOutput('CollectorOriginUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CollectorFunctionUrl'), 'FunctionUrl'] },
    })
  })
})

describe('ClickstreamStack (options)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = synth({
      streamMode: 'provisioned',
      shardCount: 4,
      corsOrigins: ['https://shop.example'],
      sourcesSecret: 'clickstream/sources',
      collectorReservedConcurrency: 50,
      batchSize: 500,
      batchingWindowSeconds: 5,
      parallelizationFactor: 4,
      retryAttempts: -1,
      maxRecordAgeHours: 48,
      cdn: false,
      archive: false,
      lake: false,
      alarmEmail: 'ops@example.com',
      runtime: 'nodejs20.x',
    }))
  })

  it('applies stream, collector and event source settings', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
    })
    template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1 })
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 50,
      Runtime: 'nodejs20.x',
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORS_ORIGINS: 'https://shop.example' }) },
    })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 4,
      MaximumRetryAttempts: Match.absent(),
      MaximumRecordAgeInSeconds: 48 * 3600,
    })
  })

  it('reads sources from the one Secrets Manager secret', () => {
    const read = statements(template).filter((s) =>
      actions(s).includes('secretsmanager:GetSecretValue'),
    )
    expect(read).toHaveLength(1)
    expect(JSON.stringify(read[0]?.Resource)).toContain(':secret:clickstream/sources-??????')
    expect(statements(template).some((s) => actions(s).includes('ssm:GetParameter'))).toBe(false)
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SOURCES_SECRET: 'clickstream/sources' }) },
    })
  })

  it('sends every alarm to the e-mail topic and leaves the archive and the lake out', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    })
    const topic = ref(template, 'AWS::SNS::Topic')
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topic }] })
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0)
    // Only the access-logs bucket.
    template.resourceCountIs('AWS::S3::Bucket', 1)
  })
})
