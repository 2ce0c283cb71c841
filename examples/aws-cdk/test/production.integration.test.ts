import { Match, type Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveClickstreamConfig } from '../src/config.js'
import { ConfigError } from '../src/errors.js'
import { environmentOf, nagFindings, removeSynthesized, type Synthesized, synth } from './synth.js'

afterAll(removeSynthesized)

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown }
const statements = (template: Template): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  )
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action])

describe('production defaults', () => {
  let synthesized: Synthesized
  let template: Template
  beforeAll(() => {
    synthesized = synth()
    template = synthesized.template
  })

  it('puts CloudFront with WAF in front, sending the secret origin header and the viewer address', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1)
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAcl'), 'Arn'] },
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        Origins: [
          Match.objectLike({
            OriginCustomHeaders: [
              {
                HeaderName: 'x-origin-verify',
                HeaderValue: Match.objectLike({
                  'Fn::Join': Match.arrayWith([
                    Match.arrayWith([Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:')]),
                  ]),
                }),
              },
            ],
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
      }),
    })
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: Match.arrayWith(['content-encoding', 'origin', 'cloudfront-viewer-address']),
        },
      }),
    })
    // Authorization reaches the origin only through the cache key; nothing is kept (TTL 0).
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['authorization'] },
        }),
      }),
    })
    const collector = environmentOf(synthesized, 'KINESIS_STREAM')
    expect(collector).toMatchObject({
      ORIGIN_SECRET_HEADER: 'x-origin-verify',
      ORIGIN_SECRET_ID: { Ref: expect.stringMatching(/^OriginVerifySecret/) },
      VIEWER_ADDRESS_HEADER: 'cloudfront-viewer-address',
      SOURCES_TTL_SECONDS: '60',
      ANONYMIZE_IP: 'true',
    })
    expect(collector?.SEGMENT_SCRIPT_FILE).toBe('/var/task/analytics.min.js')
    template.hasOutput('CollectorUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] },
    })
  })

  it("caches the Segment snippet's script as the collector says, per encoding, GET only", () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'))
    const behaviors = distribution?.Properties.DistributionConfig.CacheBehaviors as {
      PathPattern: string
      CachePolicyId: { Ref: string }
      AllowedMethods: string[]
      OriginRequestPolicyId?: unknown
    }[]
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual(['/analytics.js/*', '/sdk/*'])
    for (const b of behaviors) {
      expect(b.AllowedMethods).toEqual(['GET', 'HEAD'])
      expect(b.OriginRequestPolicyId).toBeUndefined() // no Origin, no cookies: one answer for all
      const policy = template.findResources('AWS::CloudFront::CachePolicy')[b.CachePolicyId.Ref]
      expect(policy?.Properties.CachePolicyConfig).toMatchObject({
        DefaultTTL: 300,
        MaxTTL: 31_536_000,
        ParametersInCacheKeyAndForwardedToOrigin: {
          EnableAcceptEncodingBrotli: true,
          EnableAcceptEncodingGzip: true,
          HeadersConfig: { HeaderBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
        },
      })
    }
  })

  it('limits each client IP and runs the managed rule groups, counting the body rules events trip', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0]?.Properties
    expect(acl.Scope).toBe('CLOUDFRONT')
    const rules = acl.Rules as {
      Name: string
      Statement: Record<
        string,
        { Limit?: number; AggregateKeyType?: string; RuleActionOverrides?: { Name: string }[] }
      >
    }[]
    expect(rules.map((r) => r.Name)).toEqual([
      'RatePerIp',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ])
    expect(rules[0]?.Statement.RateBasedStatement).toMatchObject({
      Limit: 3000,
      AggregateKeyType: 'IP',
    })
    const counted = rules[3]?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides?.map(
      (o) => o.Name,
    )
    expect(counted).toContain('SizeRestrictions_BODY')
  })

  it('rotates the origin secret with a function allowed to update only this distribution', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    })
    const update = statements(template).filter((s) =>
      actions(s).includes('cloudfront:UpdateDistribution'),
    )
    expect(update).toHaveLength(1)
    expect(JSON.stringify(update[0]?.Resource)).toContain(':distribution/')
    const rotation = environmentOf(synthesized, 'DISTRIBUTION_ID')
    // Two origin-secret TTLs (5 min) and a margin: every collector knows the pending value before
    // CloudFront sends it; inside the function's 15 minutes.
    expect(rotation.PROPAGATION_WAIT_MS).toBe('610000')
    expect(environmentOf(synthesized, 'KINESIS_STREAM').ORIGIN_SECRET_TTL_SECONDS).toBe('300')
  })

  it('gives the Function URL no CORS of its own (the collector answers per source) and reserves concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', Cors: Match.absent() })
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 100,
      Environment: { Variables: Match.objectLike({ KINESIS_STREAM: Match.anyValue() }) },
    })
  })

  it('keeps the streams 7 days, longer than the 24 h maximum record age: a DLQ message can be re-driven', () => {
    template.allResourcesProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 168 })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumRecordAgeInSeconds: 86_400,
    })
  })

  it('archives the rejected stream beside the accepted events, queryable as the rejected table', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      KinesisStreamSourceConfiguration: {
        KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RejectedStream'), 'Arn'] },
        RoleARN: Match.anyValue(),
      },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArchiveBucket'), 'Arn'] },
        Prefix: Match.stringLikeRegexp('^rejected/year='),
      }),
    })
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'rejected',
        StorageDescriptor: Match.objectLike({
          Location: {
            'Fn::Join': [
              '',
              ['s3://', { Ref: Match.stringLikeRegexp('^ArchiveBucket') }, '/rejected/'],
            ],
          },
        }),
      }),
    })
    template.hasResourceProperties('AWS::Athena::NamedQuery', { Name: 'rejected_top_reasons' })
  })

  it('protects the archive: versioned, access-logged, readable tiers, expiry; Firehose may not delete', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/ArchiveBucket/' }),
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
            ],
            ExpirationInDays: 400,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          }),
        ],
      },
    })
    const firehoseRoles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('firehose.amazonaws.com'),
    )
    expect(firehoseRoles).toHaveLength(3)
    for (const [, role] of firehoseRoles) {
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('sts:ExternalId')
    }
    for (const s of statements(template)) {
      for (const action of actions(s)) expect(action).not.toMatch(/^s3:Delete/)
    }
    const lambdaRoles = Object.values(template.findResources('AWS::IAM::Role')).filter((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    )
    expect(lambdaRoles.length).toBeGreaterThanOrEqual(4)
    for (const role of lambdaRoles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      })
    }
  })

  it('sends every alarm to an always-created KMS-encrypted topic; no events for 60 min breaches', () => {
    const topics = template.findResources('AWS::SNS::Topic')
    expect(Object.keys(topics)).toHaveLength(1)
    const topic = Object.keys(topics)[0] as string
    expect(Object.values(topics)[0]?.Properties.KmsMasterKeyId).toBeDefined()
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topic }] })
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IncomingRecords',
      Period: 3600,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    })
    const metrics = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.MetricName ?? 'expression',
    )
    for (const name of [
      'WriteProvisionedThroughputExceeded',
      'PutRecords.ThrottledRecords',
      'Duration',
      'DeliveryToS3.DataFreshness',
      'WriteThrottleEvents',
      'ReadThrottleEvents',
      'RecordsDeadLettered',
      'KeysFailed',
      'EventsStateTooLarge',
      'ApproximateAgeOfOldestMessage',
      'expression',
    ]) {
      expect(metrics).toContain(name)
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true })
  })

  it('lets the collector read only the suppression partition of the table', () => {
    const read = statements(template).filter((s) => actions(s).includes('dynamodb:GetItem'))
    expect(read).toHaveLength(1)
    expect(read[0]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#suppression'] },
    })
    expect(environmentOf(synthesized, 'KINESIS_STREAM').SUPPRESSION_TABLE).toEqual({
      Ref: expect.stringMatching(/^SessionsTable/),
    })
  })

  it('projects only what the index queries read', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'bySessionId', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        Match.objectLike({ IndexName: 'byUserId', Projection: { ProjectionType: 'ALL' } }),
      ]),
    })
  })

  it('runs Node 24 and expires sessions after 400 days', () => {
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x' })
    expect(environmentOf(synthesized, 'TABLE_NAME').SESSION_TTL_MS).toBe(String(400 * 86_400_000))
  })

  it('has no unacknowledged cdk-nag finding (AwsSolutions, Serverless)', () => {
    expect(nagFindings(synthesized)).toEqual([])
  })
})

describe('production options', () => {
  it('no CDN: the Function URL is the endpoint, without origin check; still nag-clean', () => {
    const s = synth({ cdn: false, tracing: true })
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 0)
    s.template.resourceCountIs('AWS::WAFv2::WebACL', 0)
    expect(environmentOf(s, 'KINESIS_STREAM').ORIGIN_SECRET_ID).toBeUndefined()
    s.template.hasOutput('CollectorUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CollectorFunctionUrl'), 'FunctionUrl'] },
    })
    s.template.allResourcesProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
    })
    expect(nagFindings(s)).toEqual([])
  })

  it('a custom domain, an own web ACL, a KMS key for the sources, unreserved concurrency', () => {
    const s = synth({
      domainName: 'collect.shop.example',
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/mine/1',
      sourcesKmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k-1',
      collectorReservedConcurrency: -1,
      anonymizeIp: false,
      sessionTtlDays: -1,
    })
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['collect.shop.example'],
        WebACLId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/mine/1',
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    })
    s.template.resourceCountIs('AWS::WAFv2::WebACL', 0)
    const decrypt = statements(s.template).filter((st) => actions(st).includes('kms:Decrypt'))
    expect(decrypt).toHaveLength(1)
    expect(decrypt[0]?.Resource).toBe('arn:aws:kms:eu-west-1:111111111111:key/k-1')
    expect(JSON.stringify(decrypt[0]?.Condition)).toContain('kms:ViaService')
    const env = environmentOf(s, 'KINESIS_STREAM')
    expect(env.ANONYMIZE_IP).toBe('false')
    expect(environmentOf(s, 'TABLE_NAME').SESSION_TTL_MS).toBeUndefined()
    s.template.hasOutput('CollectorUrl', { Value: 'https://collect.shop.example' })
    expect(nagFindings(s)).toEqual([])
  })

  it('refuses contradictions with a ConfigError naming them', () => {
    expect(() => resolveClickstreamConfig({ retentionHours: 24 })).toThrow(ConfigError)
    expect(() => resolveClickstreamConfig({ retentionHours: 24 })).toThrow(
      /maxRecordAgeHours \(24\) must be below retentionHours \(24\)/,
    )
    expect(() => resolveClickstreamConfig({ maxRecordAgeHours: -1 })).toThrow(/maxRecordAgeHours/)
    expect(() => resolveClickstreamConfig({ domainName: 'a.example' })).toThrow(/certificateArn/)
    expect(() => resolveClickstreamConfig({ cdn: false, webAclArn: 'arn:x' })).toThrow(/cdn: true/)
  })
})
