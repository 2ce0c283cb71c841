import { glueColumns, namedQueries } from '@clickstream/lake'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeSynthesized, synth } from './synth.js'

afterAll(removeSynthesized)

/** A resource of the template's JSON (CDK types it loosely). */
type Resource = ReturnType<Template['findResources']>[string]
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown }

const only = (template: Template, type: string, id?: RegExp): [string, Resource] => {
  const found = Object.entries(template.findResources(type)).filter(([k]) => !id || id.test(k))
  expect(found).toHaveLength(1)
  return found[0] as [string, Resource]
}
const roleStatements = (template: Template, role: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] })

describe('the event lake (defaults)', () => {
  let template: Template
  let stream: Resource
  let destination: Resource

  beforeAll(() => {
    ;({ template } = synth())
    stream = only(template, 'AWS::KinesisFirehose::DeliveryStream', /^LakeDeliveryStream/)[1]
    destination = stream.Properties.ExtendedS3DestinationConfiguration
  })

  it('reads the events stream through the transformation Lambda, partitioned by event date', () => {
    const [events] = only(template, 'AWS::Kinesis::Stream', /^EventsStream/)
    const [fn] = only(template, 'AWS::Lambda::Function', /^LakeTransform/)
    expect(stream.Properties.DeliveryStreamType).toBe('KinesisStreamAsSource')
    expect(stream.Properties.KinesisStreamSourceConfiguration.KinesisStreamARN).toEqual(
      getAtt(events),
    )
    expect(destination).toMatchObject({
      Prefix: 'events/event_date=!{partitionKeyFromLambda:event_date}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/',
      FileExtension: '.parquet',
      BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 },
      DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'Lambda',
            Parameters: expect.arrayContaining([
              { ParameterName: 'LambdaArn', ParameterValue: getAtt(fn) },
              { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
            ]),
          },
        ],
      },
    })
    // Format conversion compresses inside Parquet; S3-level compression must be off.
    expect(destination.CompressionFormat ?? 'UNCOMPRESSED').toBe('UNCOMPRESSED')
  })

  it('converts the rows to Parquet against the Glue table, reading epoch milliseconds', () => {
    const [database] = only(template, 'AWS::Glue::Database')
    expect(destination.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: {
        Deserializer: { HiveJsonSerDe: { TimestampFormats: ['millis'] } },
      },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'GZIP' } } },
      SchemaConfiguration: {
        DatabaseName: 'clickstream_lake',
        TableName: 'events_raw',
        VersionId: 'LATEST',
        CatalogId: { Ref: 'AWS::AccountId' },
      },
    })
    // The stream is created after its role's policy and the table it converts against.
    const [table] = only(template, 'AWS::Glue::Table', /^LakeTable/)
    expect(stream.DependsOn).toEqual(expect.arrayContaining([table]))
    expect(
      stream.DependsOn?.some((d: string) => d.startsWith('LakeDeliveryRoleDefaultPolicy')),
    ).toBe(true)
    expect(template.findResources('AWS::Glue::Database')[database]?.Properties).toMatchObject({
      DatabaseInput: { Name: 'clickstream_lake' },
    })
  })

  it('catalogs the files: glueColumns(), event_date projected from 1970 to today, no crawler', () => {
    const [, table] = only(template, 'AWS::Glue::Table', /^LakeTable/)
    const input = table.Properties.TableInput
    expect(input.Name).toBe('events_raw')
    expect(input.StorageDescriptor.Columns).toEqual(
      glueColumns().map((c) => ({ Name: c.Name, Type: c.Type, Comment: c.Comment })),
    )
    expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'event_date' })])
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toMatch(/ParquetHiveSerDe$/)
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.event_date.type': 'date',
      'projection.event_date.format': 'yyyy-MM-dd',
      'projection.event_date.range': '1970-01-01,NOW',
      'projection.event_date.interval.unit': 'DAYS',
    })
    // Where Athena looks for a date is where Firehose writes it.
    const location = input.Parameters['storage.location.template']['Fn::Join'][1].at(-1)
    expect(location.replace(/\$\{event_date\}/, 'D')).toBe(
      `/${destination.Prefix.replace('!{partitionKeyFromLambda:event_date}', 'D')}`,
    )
    template.resourceCountIs('AWS::Glue::Crawler', 0)
  })

  it('keeps the lake in its own encrypted, private, retained bucket', () => {
    const [bucket, resource] = only(template, 'AWS::S3::Bucket', /^LakeBucket/)
    expect(destination.BucketARN).toEqual(getAtt(bucket))
    expect(resource.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    })
    // No storage-class transition: Athena cannot read Glacier objects.
    expect(JSON.stringify(resource.Properties.LifecycleConfiguration)).not.toContain('Transition')
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' })
  })

  it('queries through an enforced Athena workgroup with its own results and a scan cutoff', () => {
    const [results] = only(template, 'AWS::S3::Bucket', /^AthenaResultsBucket/)
    const [, workGroup] = only(template, 'AWS::Athena::WorkGroup')
    expect(workGroup.Properties).toMatchObject({
      Name: 'Clickstream-lake',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: results }, '/']] },
        },
      },
    })
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })],
      },
    })
  })

  it('has a named query for each of namedQueries("athena"), with its text', () => {
    const [workGroup] = only(template, 'AWS::Athena::WorkGroup')
    // The rejected table's query aside (production.integration.test.ts).
    const queries = Object.values(template.findResources('AWS::Athena::NamedQuery'))
      .map((q) => q.Properties)
      .filter((q) => q.Name !== 'rejected_top_reasons')
    const expected = namedQueries('athena')
    expect(expected.length).toBeGreaterThan(0)
    expect(queries).toEqual(
      expected.map((q) => ({
        Name: q.name,
        Description: q.description,
        QueryString: q.sql,
        Database: 'clickstream_lake',
        WorkGroup: { Ref: workGroup },
      })),
    )
  })

  it('lets Firehose do only what the lake needs, and only Firehose invoke the transformation', () => {
    const [role, resource] = only(template, 'AWS::IAM::Role', /^LakeDeliveryRole/)
    expect(resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
      }),
    ])
    const actions = roleStatements(template, role).flatMap((s) => s.Action)
    const expected = `glue:GetTable glue:GetTableVersion glue:GetTableVersions kinesis:DescribeStream
      kinesis:GetRecords kinesis:GetShardIterator kinesis:ListShards lambda:GetFunctionConfiguration
      lambda:InvokeFunction logs:PutLogEvents s3:AbortMultipartUpload s3:GetBucketLocation
      s3:GetObject s3:ListBucket s3:ListBucketMultipartUploads s3:PutObject`
    expect(actions.sort()).toEqual(expected.split(/\s+/))
    const invokers = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('lambda:InvokeFunction'),
    )
    expect(invokers.map((p) => p.Properties.Roles)).toEqual([[{ Ref: role }]])
    const [fnRole] = only(template, 'AWS::IAM::Role', /^LakeTransformRole/)
    expect(roleStatements(template, fnRole).flatMap((s) => s.Action)).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ])
  })

  it('alarms on transformation and delivery failures', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    )
    const named = (name: string) => alarms.filter((a) => a.MetricName === name)
    expect(named('RecordsFailed')).toEqual([
      expect.objectContaining({
        Namespace: 'clickstream',
        Dimensions: [{ Name: 'service', Value: 'lake-transform' }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ])
    const ofLake = (name: string) =>
      named(name).filter((a) => JSON.stringify(a.Dimensions).includes('LakeDeliveryStream'))
    for (const name of ['ExecuteProcessing.Success', 'DeliveryToS3.Success']) {
      expect(ofLake(name)).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/Firehose',
          Statistic: 'Minimum',
          ComparisonOperator: 'LessThanThreshold',
          Threshold: 1,
          Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: 'LakeDeliveryStream' } }],
        }),
      ])
    }
    expect(named('FailedConversion.Records')).toHaveLength(1)
    expect(ofLake('DeliveryToS3.DataFreshness')).toEqual([
      expect.objectContaining({ Threshold: 300 + 900 }),
    ])
    const [fn] = only(template, 'AWS::Lambda::Function', /^LakeTransform/)
    expect(
      named('Errors').filter((a) => JSON.stringify(a.Dimensions).includes(`"Ref":"${fn}"`)),
    ).toHaveLength(1)
  })

  it('outputs the lake bucket, database and workgroup', () => {
    for (const name of ['LakeBucketName', 'LakeDatabaseName', 'LakeWorkGroupName'])
      template.hasOutput(name, {})
  })
})

describe('the event lake (options)', () => {
  it('applies buffering and the scan cutoff', () => {
    const { template } = synth({
      lakeBufferSeconds: 60,
      lakeBufferMb: 64,
      athenaScanCutoffMb: 100,
      lakeTransformMemoryMb: 256,
    })
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 },
      }),
    })
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 100 * 1024 ** 2 }),
    })
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'lake-transform' }) },
    })
  })

  it('leaves the lake out with lake: false, the archive as it is', () => {
    const { template } = synth({ lake: false })
    for (const type of ['AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::Athena::WorkGroup'])
      template.resourceCountIs(type, 0)
    template.resourceCountIs('AWS::Athena::NamedQuery', 0)
    // The archive's two (events, rejected); the archive and access-logs buckets.
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 2)
    template.resourceCountIs('AWS::S3::Bucket', 2)
  })
})
