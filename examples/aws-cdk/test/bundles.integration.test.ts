import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { QueryCommand } from '@aws-sdk/client-dynamodb'
import {
  type LocalDynamoDB,
  type LocalKinesis,
  type StreamRecord,
  startDynalite,
  startKinesalite,
} from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import type { KinesisStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleOf, removeSynthesized, synth } from './synth.js'

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>

const WRITE_KEY = 'wk_bundle_test'
const region = 'us-east-1'
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const env = {
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  KINESIS_STREAM: 'events',
  REJECTED_STREAM: 'rejected',
  // No SSM here: the entry's fallback reads SOURCES itself (the stack sets SOURCES_PARAMETER).
  SOURCES: JSON.stringify({ [WRITE_KEY]: { id: 'web', allowedOrigins: '*' } }),
  LOG_LEVEL: 'silent',
  TABLE_NAME: 'sessions',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
}

let kinesalite: LocalKinesis
let dynalite: LocalDynamoDB
let collector: Handler
let sessionizer: Handler
const saved = { ...process.env }

/** Creates the table from the synthesized template's definition, as CloudFormation would. */
async function createTableFromTemplate(template: ReturnType<typeof synth>['template']) {
  const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))
  const p = table?.Properties
  await dynalite.createTable({
    TableName: env.TABLE_NAME,
    BillingMode: p.BillingMode,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
  })
}

/** What the event source mapping hands the sessionizer for these records. */
function kinesisEvent(records: StreamRecord[]): KinesisStreamEvent {
  return {
    Records: records.map((r) => ({
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${r.shardId}:${r.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/Sessionizer',
      awsRegion: region,
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.partitionKey,
        sequenceNumber: r.sequenceNumber,
        data: Buffer.from(r.data).toString('base64'),
        approximateArrivalTimestamp: r.arrivedAt / 1000,
      },
    })),
  }
}

beforeAll(async () => {
  const synthesized = synth()
  ;[kinesalite, dynalite] = await Promise.all([startKinesalite(), startDynalite()])
  for (const name of [env.KINESIS_STREAM, env.REJECTED_STREAM]) {
    await kinesalite.createStream(name, 1)
  }
  await createTableFromTemplate(synthesized.template)
  Object.assign(process.env, env, {
    KINESIS_ENDPOINT: kinesalite.endpoint,
    DYNAMODB_ENDPOINT: dynalite.endpoint,
  })
  const load = async (variable: string) =>
    ((await import(pathToFileURL(bundleOf(synthesized, variable)).href)) as { handler: Handler })
      .handler
  collector = await load('KINESIS_STREAM')
  sessionizer = await load('TABLE_NAME')
})

afterAll(removeSynthesized)
afterAll(async () => {
  process.env = saved
  await Promise.all([kinesalite?.close(), dynalite?.close()])
})

describe('the bundled functions, run as Lambda would run them', () => {
  it('collector: a Function URL request lands in the events stream before the 200', async () => {
    const event = JSON.parse(
      readFileSync(new URL('./fixtures/function-url.json', import.meta.url), 'utf8'),
    )
    const at = new Date().toISOString()
    event.headers.authorization = `Basic ${btoa(`${WRITE_KEY}:`)}`
    event.body = JSON.stringify({
      sentAt: at,
      batch: [
        {
          type: 'page',
          name: 'Home',
          anonymousId: 'a-1',
          messageId: 'm-1',
          timestamp: at,
          properties: { path: '/' },
        },
        { type: 'track', event: 'Added', anonymousId: 'a-1', messageId: 'm-2', timestamp: at },
      ],
    })
    const response = await collector(event, {})
    expect(response.statusCode).toBe(200)
    const records = await kinesalite.readAll(env.KINESIS_STREAM)
    expect(records).toHaveLength(1)
    const envelope = decodeEnvelope(records[0]?.data as Uint8Array)
    expect(envelope).toMatchObject({ key: 'a-1', sourceId: 'web' })
    expect(envelope.events.map((e) => e.messageId)).toEqual(['m-1', 'm-2'])
  })

  it('sessionizer: those records become one session in the table, once', async () => {
    const event = kinesisEvent(await kinesalite.readAll(env.KINESIS_STREAM))
    expect(await sessionizer(event)).toEqual({ batchItemFailures: [] })
    // A redelivered batch changes nothing.
    expect(await sessionizer(event)).toEqual({ batchItemFailures: [] })
    const { Items = [] } = await dynalite.client.send(
      new QueryCommand({
        TableName: env.TABLE_NAME,
        KeyConditionExpression: 'pk = :k AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':k': { S: 'a-1' }, ':s': { S: 'session#' } },
      }),
    )
    expect(Items).toHaveLength(1)
    expect(Items[0]?.eventCount).toEqual({ N: '2' })
  })
})
