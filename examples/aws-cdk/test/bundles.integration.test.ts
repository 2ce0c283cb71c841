import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { QueryCommand } from '@aws-sdk/client-dynamodb'
import { enrichInputOf, openEnricher } from '@clickstream/enrich'
import {
  type LocalDynamoDB,
  type LocalKinesis,
  type StreamRecord,
  startDynalite,
  startKinesalite,
} from '@clickstream/local-aws'
import { personKey } from '@clickstream/privacy'
import { createDynamoDbSuppressionStore } from '@clickstream/privacy/dynamodb'
import { decodeEnvelope, LAKE_COLUMNS, lakeEventDate } from '@clickstream/schema'
import { waitFor } from '@clickstream/test-support'
import type { FirehoseTransformationResult, KinesisStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { firehoseEvent } from './firehose-event.js'
import { assetOf, bundleOf, environmentOf, removeSynthesized, synth } from './synth.js'

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
  // The stack's floor is 10 s; the entry takes any: short here, so a revocation shows quickly.
  SOURCES_TTL_SECONDS: '0.2',
  // The sessions table's #suppression partition (dynalite), re-read as often.
  SUPPRESSION_TABLE: 'sessions',
  SUPPRESSION_TTL_SECONDS: '0.2',
  TABLE_NAME: 'sessions',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
}

let kinesalite: LocalKinesis
let dynalite: LocalDynamoDB
let collector: Handler
let sessionizer: Handler
let lake: Handler
/** The geo database as the functions find it: in their asset, where ENRICH_GEO_DATABASE points. */
let geoDatabase: string
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

/** A Function URL request (the fixture) posting `body` to the collector with the write key. */
function functionUrlEvent(body: unknown) {
  const event = JSON.parse(
    readFileSync(new URL('./fixtures/function-url.json', import.meta.url), 'utf8'),
  )
  event.headers.authorization = `Basic ${btoa(`${WRITE_KEY}:`)}`
  event.body = JSON.stringify(body)
  return event
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
  // On Lambda the asset is /var/task; here it is the cloud assembly's folder.
  const inTask = String(environmentOf(synthesized, 'TABLE_NAME').ENRICH_GEO_DATABASE)
  geoDatabase = join(assetOf(synthesized, 'TABLE_NAME'), inTask.replace(/^\/var\/task\//, ''))
  Object.assign(process.env, env, {
    KINESIS_ENDPOINT: kinesalite.endpoint,
    DYNAMODB_ENDPOINT: dynalite.endpoint,
    ENRICH_GEO_DATABASE: geoDatabase,
  })
  const load = async (variable: string) =>
    ((await import(pathToFileURL(bundleOf(synthesized, variable)).href)) as { handler: Handler })
      .handler
  collector = await load('KINESIS_STREAM')
  sessionizer = await load('TABLE_NAME')
  lake = await load('POWERTOOLS_SERVICE_NAME=lake-transform')
})

afterAll(removeSynthesized)
afterAll(async () => {
  process.env = saved
  await Promise.all([kinesalite?.close(), dynalite?.close()])
})

describe('the bundled functions, run as Lambda would run them', () => {
  it('collector: a Function URL request lands in the events stream before the 200', async () => {
    const at = new Date().toISOString()
    const event = functionUrlEvent({
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

/** The collector's records for a batch: two keys, one with an event from an offline queue. */
async function collectorRecords(): Promise<StreamRecord[]> {
  const now = new Date().toISOString()
  const late = new Date(Date.now() - 3 * 86_400_000).toISOString()
  const event = functionUrlEvent({
    sentAt: now,
    batch: [
      { type: 'page', name: 'Home', anonymousId: 'l-1', messageId: 'l-m1', timestamp: now },
      { type: 'track', event: 'Bought', anonymousId: 'l-1', messageId: 'l-m2', timestamp: now },
      { type: 'track', event: 'Queued', anonymousId: 'l-2', messageId: 'l-m3', timestamp: late },
    ],
  })
  expect((await collector(event, {})).statusCode).toBe(200)
  return (await kinesalite.readAll(env.KINESIS_STREAM)).filter((r) =>
    decodeEnvelope(r.data).key.startsWith('l-'),
  )
}

/** The JSON lines on stdout and stderr (Powertools' logs, EMF metrics) while `run` runs. */
// biome-ignore lint/suspicious/noExplicitAny: log lines are whatever JSON Powertools writes
async function capture<T>(run: () => Promise<T>): Promise<{ result: T; lines: any[] }> {
  const written: string[] = []
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    }),
  )
  try {
    const result = await run()
    const text = written.join('').split('\n')
    return { result, lines: text.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) }
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
}

describe('the bundled collector consults the suppression list in the table', () => {
  it('a person added by the privacy store is suppressed within the TTL', async () => {
    const send = async (userId: string) => {
      const event = functionUrlEvent({ batch: [{ type: 'track', event: 'E', userId }] })
      const response = await collector(event, {})
      return JSON.parse(String(response.body)) as {
        accepted: number
        rejected: { errors: { code: string }[] }[]
      }
    }
    expect((await send('u-to-delete')).accepted).toBe(1)
    const store = createDynamoDbSuppressionStore({
      client: dynalite.client,
      tableName: env.TABLE_NAME,
    })
    await store.add([await personKey('userId', 'u-to-delete')])
    await waitFor(async () => (await send('u-to-delete')).accepted === 0, { what: 'suppressed' })
    expect((await send('u-to-delete')).rejected[0]?.errors[0]?.code).toBe('suppressed')
    expect((await send('u-kept')).accepted).toBe(1)
  })
})

describe('the bundled collector re-reads its sources', () => {
  const post = async (key = WRITE_KEY) => {
    const event = functionUrlEvent({ batch: [{ type: 'track', event: 'E', anonymousId: 'r-1' }] })
    event.headers.authorization = `Basic ${btoa(`${key}:`)}`
    const response = await collector(event, {})
    return { status: response.statusCode, body: JSON.parse(String(response.body)) }
  }
  afterAll(async () => {
    process.env.SOURCES = env.SOURCES
    await waitFor(async () => (await post()).status === 200, { what: 'the sources restored' })
  })

  it('a revoked write key stops working within the TTL; the new one starts', async () => {
    expect((await post()).status).toBe(200)
    process.env.SOURCES = JSON.stringify({ wk_rotated: { id: 'web', allowedOrigins: '*' } })
    const revokedAt = Date.now()
    await waitFor(async () => (await post()).status === 401, { what: 'the old key refused' })
    // One TTL (200 ms) and the request that notices it; generous for a loaded machine.
    expect(Date.now() - revokedAt).toBeLessThan(5000)
    expect((await post()).body).toMatchObject({ error: { code: 'unknown_write_key' } })
    expect((await post('wk_rotated')).status).toBe(200)
  })

  it('sources that cannot be re-read serve ten TTLs, then every request is a 503', async () => {
    process.env.SOURCES = 'not json'
    await waitFor(async () => (await post('wk_rotated')).status === 503, {
      what: 'sources_unavailable',
    })
    expect((await post('wk_rotated')).body).toMatchObject({
      error: { code: 'sources_unavailable' },
    })
  })
})

describe('the bundled lake transformation, run as Firehose invokes it', () => {
  it('answers every record: real envelopes as rows by event date, bad records failed and logged', async () => {
    const good = await collectorRecords()
    expect(good.length).toBe(2) // one envelope per key and event date
    const [first] = good as [StreamRecord]
    const envelope = JSON.parse(Buffer.from(first.data).toString('utf8'))
    const bad = (data: string, n: number): StreamRecord => ({
      ...first,
      sequenceNumber: `${first.sequenceNumber}9${n}`,
      data: Buffer.from(data),
    })
    const records = [
      ...good,
      bad(Buffer.from(first.data).toString('utf8').slice(0, 40), 1),
      bad(JSON.stringify({ ...envelope, v: 2 }), 2),
      bad(JSON.stringify({ ...envelope, events: [envelope.events[0], { type: 'track' }] }), 3),
    ]
    const invocation = firehoseEvent(records)
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN'
    delete process.env.POWERTOOLS_METRICS_DISABLED
    const { result, lines } = await capture(
      async () => (await lake(invocation)) as unknown as FirehoseTransformationResult,
    )

    const ids = invocation.records.map((r) => r.recordId)
    expect(result.records.map((r) => r.recordId)).toEqual(ids)
    expect(result.records.map((r) => r.result)).toEqual([
      'Ok',
      'Ok',
      'ProcessingFailed',
      'ProcessingFailed',
      'Ok',
    ])
    for (const [i, record] of good.entries()) {
      const events = decodeEnvelope(record.data).events
      const out = result.records[i]
      const rows = Buffer.from(out?.data ?? '', 'base64')
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(rows.map((r) => Object.keys(r))).toEqual(
        events.map(() => LAKE_COLUMNS.map((c) => c.name)),
      )
      expect(rows).toEqual(
        events.map((e) =>
          expect.objectContaining({
            message_id: e.messageId,
            type: e.type,
            timestamp: Date.parse(e.timestamp),
            received_at: Date.parse(e.receivedAt),
            source_id: 'web',
            partition_key: record.partitionKey,
          }),
        ),
      )
      const date = lakeEventDate(Date.parse(events[0]?.timestamp ?? ''))
      expect(out?.metadata).toEqual({ partitionKeys: { event_date: date } })
    }
    // The offline event is filed under the day it happened, three days back.
    expect(result.records.map((r) => r.metadata?.partitionKeys.event_date)).toContain(
      lakeEventDate(Date.now() - 3 * 86_400_000),
    )
    expect(result.records[2]?.data).toBe(invocation.records[2]?.data)

    const warnings = lines.filter((l) => l.level === 'WARN')
    expect(warnings).toEqual([
      expect.objectContaining({ message: 'record not in the lake', reason: 'not_json' }),
      expect.objectContaining({ message: 'record not in the lake', reason: 'unsupported_version' }),
      expect.objectContaining({
        message: 'event not in the lake',
        reason: 'invalid_event',
        eventIndex: 1,
      }),
    ])
    for (const [i, w] of warnings.entries()) {
      expect(w).toMatchObject({
        service: 'lake-transform',
        recordId: ids[i + 2],
        shardId: first.shardId,
        sequenceNumber: `${first.sequenceNumber}9${i + 1}`,
      })
    }
    const emf = lines.find((l) => l._aws?.CloudWatchMetrics)
    expect(emf?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'clickstream',
      Dimensions: [['service']],
    })
    expect(emf).toMatchObject({
      service: 'lake-transform',
      Records: 5,
      Rows: 4,
      RecordsFailed: 2,
      EventsInvalid: 1,
    })
  })
})

describe('the bundled functions enrich, with the database in their asset', () => {
  it('the transformation fills the enrichment columns, the sessionizer the session’s fields', async () => {
    const at = new Date().toISOString()
    const event = functionUrlEvent({
      sentAt: at,
      batch: [
        {
          type: 'page',
          name: 'Home',
          anonymousId: 'e-1',
          messageId: 'e-m1',
          timestamp: at,
          context: {
            ip: '8.8.8.8',
            userAgent:
              'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
            page: {
              url: 'https://shop.example/?utm_source=newsletter&utm_medium=email',
              referrer: 'https://mail.example/',
            },
          },
        },
      ],
    })
    expect((await collector(event, {})).statusCode).toBe(200)
    const records = (await kinesalite.readAll(env.KINESIS_STREAM)).filter(
      (r) => decodeEnvelope(r.data).key === 'e-1',
    )
    const [message] = decodeEnvelope(records[0]?.data as Uint8Array).events
    // What the package's enricher computes from the same database: the bundle must agree.
    const expected = openEnricher({ geoDatabase }).enrich(
      enrichInputOf(message as Parameters<typeof enrichInputOf>[0]),
    )

    const result = (await lake(firehoseEvent(records))) as unknown as FirehoseTransformationResult
    const [row] = Buffer.from(result.records[0]?.data ?? '', 'base64')
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(row).toMatchObject({
      device_type: expected.enrichment.deviceType,
      is_bot: expected.enrichment.bot,
      country: expected.enrichment.country ?? null,
      channel: expected.enrichment.channel,
      traffic_source: expected.enrichment.trafficSource ?? null,
    })
    expect(row.device_type).not.toBeNull()
    expect(row.channel).not.toBeNull()

    expect(await sessionizer(kinesisEvent(records))).toEqual({ batchItemFailures: [] })
    const { Items = [] } = await dynalite.client.send(
      new QueryCommand({
        TableName: env.TABLE_NAME,
        KeyConditionExpression: 'pk = :k AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':k': { S: 'e-1' }, ':s': { S: 'session#' } },
      }),
    )
    expect(Items).toHaveLength(1)
    expect(Items[0]).toMatchObject({
      deviceType: { S: expected.enrichment.deviceType },
      channel: { S: expected.enrichment.channel },
      bot: { BOOL: expected.enrichment.bot },
      ...(expected.enrichment.country ? { country: { S: expected.enrichment.country } } : {}),
    })
  })
})
