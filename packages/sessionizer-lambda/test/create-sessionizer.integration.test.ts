import { startDynalite, startKinesalite } from '@clickstream/local-aws'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { resolveSessionRules } from '../src/core/options.js'
import type { DeadLetterEntry } from '../src/dead-letter/dead-letter.js'
import { createTableDeadLetter } from '../src/dead-letter/dynamodb-table.js'
import { handlerFromEnv } from '../src/entrypoints/lambda.js'
import type { LoggerLike } from '../src/handler/ports.js'
import { createDynamoDbSessionStore } from '../src/session-store/dynamodb.js'
import { createSessionTable } from '../src/session-store/dynamodb-table.js'
import type { DeadLetterTarget, SessionizerConfig } from '../src/sessionizer/config.js'
import { createSessionizer } from '../src/sessionizer/create-sessionizer.js'
import { kinesisRecord, message, rawRecord, sequenceOf, streamEvent } from './kinesis.js'

let dynalite: Awaited<ReturnType<typeof startDynalite>>
let kinesalite: Awaited<ReturnType<typeof startKinesalite>>
let tables = 0

beforeAll(async () => {
  ;[dynalite, kinesalite] = await Promise.all([startDynalite(), startKinesalite()])
})
afterAll(async () => {
  await Promise.all([dynalite.close(), kinesalite.close()])
})
afterEach(() => {
  vi.unstubAllEnvs()
})

/** A fresh sessions table, and a fresh stream for Kinesis dead letters. */
async function freshResources() {
  const name = `factory-${++tables}`
  await Promise.all([createSessionTable(dynalite.client, name), kinesalite.createStream(name)])
  return name
}

const clock = () => Date.parse('2026-03-01T12:00:00.000Z')
const day = '2026-03-01'
/** Three events of one visit, then a record that is not JSON (set aside as `not_json`). */
const event = streamEvent([
  kinesisRecord(
    'anon-1',
    [
      message({ id: 'a1', at: 0, type: 'page' }),
      message({ id: 'a2', at: 3, name: 'Product Viewed' }),
      message({ id: 'a3', at: 40, type: 'page' }),
    ],
    1,
  ),
  rawRecord('anon-1', Buffer.from('{"v":1,').toString('base64'), 2),
])

/** The config the factory gets: both local endpoints, static credentials (none in the env). */
function configFor(tableName: string, deadLetter: DeadLetterTarget): SessionizerConfig {
  return {
    tableName,
    rules: resolveSessionRules({ gapMs: 30 * 60_000 }),
    deadLetter,
    aws: {
      region: 'us-east-1',
      dynamodbEndpoint: dynalite.endpoint,
      kinesisEndpoint: kinesalite.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  }
}

const reasonsIn = (entries: readonly Pick<DeadLetterEntry, 'reason' | 'sequenceNumber'>[]) =>
  entries.map((e) => [e.reason, e.sequenceNumber])

/** The dead letters a Kinesis stream holds, decoded. */
async function streamDeadLetters(stream: string): Promise<DeadLetterEntry[]> {
  const records = await kinesalite.readAll(stream)
  return records.map((r) => JSON.parse(new TextDecoder().decode(r.data)))
}

describe('createSessionizer on dynalite and kinesalite', () => {
  it('sessionizes and sets records aside in the sessions table (table dead letter)', async () => {
    const name = await freshResources()
    const sessionizer = createSessionizer(configFor(name, { kind: 'table', tableName: name }), {
      clock,
    })
    expect(await sessionizer.handler(event)).toEqual({ batchItemFailures: [] })
    const sessions = await sessionizer.store.sessionsOfKey('anon-1')
    expect(sessions.map((s) => [s.eventCount, s.updatedAt])).toEqual([
      [2, '2026-03-01T12:00:00.000Z'],
      [1, '2026-03-01T12:00:00.000Z'],
    ])
    const table = createTableDeadLetter({ client: dynalite.client, tableName: name })
    expect(reasonsIn(await table.list(day))).toEqual([['not_json', sequenceOf(2)]])
    expect(await streamDeadLetters(name)).toEqual([])
    sessionizer.close()
  })

  it('sets records aside in a Kinesis stream (kinesis dead letter)', async () => {
    const name = await freshResources()
    const sessionizer = createSessionizer(configFor(name, { kind: 'kinesis', streamName: name }), {
      clock,
    })
    expect(await sessionizer.handler(event)).toEqual({ batchItemFailures: [] })
    expect((await sessionizer.store.sessionsOfKey('anon-1')).map((s) => s.eventCount)).toEqual([
      2, 1,
    ])
    expect(reasonsIn(await streamDeadLetters(name))).toEqual([['not_json', sequenceOf(2)]])
    const table = createTableDeadLetter({ client: dynalite.client, tableName: name })
    expect(await table.list(day)).toEqual([])
    sessionizer.close()
  })

  it('uses the clients, logger and metrics it is given, and leaves given clients open', async () => {
    const name = await freshResources()
    const warnings: string[] = []
    const logger: LoggerLike = {
      info() {},
      warn: (message, extra) => warnings.push(`${message}: ${String(extra?.reason)}`),
      error() {},
    }
    const metrics = new Map<string, number>()
    // No endpoints and no credentials: only the given clients can reach the local services.
    const sessionizer = createSessionizer(
      {
        ...configFor(name, { kind: 'kinesis', streamName: name }),
        aws: { region: 'us-east-1' },
      },
      {
        dynamodb: dynalite.client,
        kinesis: kinesalite.client,
        logger,
        metrics: {
          addMetric: (metric, _unit, value) => metrics.set(metric, value),
          publishStoredMetrics() {},
        },
        clock,
      },
    )
    expect(await sessionizer.handler(event)).toEqual({ batchItemFailures: [] })
    expect(warnings).toEqual(['record set aside: not_json'])
    expect(Object.fromEntries(metrics)).toMatchObject({
      EventsApplied: 3,
      RecordsDeadLettered: 1,
      Records: 2,
    })
    sessionizer.close()
    const store = createDynamoDbSessionStore({ client: dynalite.client, tableName: name })
    expect(await store.sessionsOfKey('anon-1')).toHaveLength(2)
    expect(await streamDeadLetters(name)).toHaveLength(1)
  })
})

/** The Lambda's clients take credentials from the SDK's default chain: the environment. */
function stubLambdaEnv() {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local')
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT')
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true')
}

describe('the Lambda entry (handlerFromEnv)', () => {
  it.each(['table', 'kinesis'] as const)(
    'builds the handler from its environment (%s dead letter)',
    async (kind) => {
      const name = await freshResources()
      stubLambdaEnv()
      const handler = handlerFromEnv({
        TABLE_NAME: name,
        DEAD_LETTER_KIND: kind,
        ...(kind === 'kinesis' ? { DEAD_LETTER_TARGET: name } : {}),
        DYNAMODB_ENDPOINT: dynalite.endpoint,
        KINESIS_ENDPOINT: kinesalite.endpoint,
        SESSION_GAP_MS: String(60 * 60_000),
      })
      expect(await handler(event)).toEqual({ batchItemFailures: [] })
      const store = createDynamoDbSessionStore({ client: dynalite.client, tableName: name })
      // A one-hour gap keeps the three events in one session.
      expect((await store.sessionsOfKey('anon-1')).map((s) => s.eventCount)).toEqual([3])
      const inStream = await streamDeadLetters(name)
      expect(inStream.map((e) => e.reason)).toEqual(kind === 'kinesis' ? ['not_json'] : [])
    },
  )
})

describe('the sessions’ enrichment (ENRICH_*)', () => {
  const env = (name: string) => ({
    TABLE_NAME: name,
    DYNAMODB_ENDPOINT: dynalite.endpoint,
    KINESIS_ENDPOINT: kinesalite.endpoint,
  })

  it('enriches every session written, with the configured enricher', async () => {
    const name = await freshResources()
    stubLambdaEnv()
    const handler = handlerFromEnv({
      ...env(name),
      ENRICH_GEO_DATABASE: 'none',
      ENRICH_ANONYMIZE_IP: 'true',
    })
    expect(await handler(event)).toEqual({ batchItemFailures: [] })
    const store = createDynamoDbSessionStore({ client: dynalite.client, tableName: name })
    const sessions = await store.sessionsOfKey('anon-1')
    expect(sessions).toHaveLength(2)
    for (const session of sessions) {
      expect(session).toMatchObject({
        deviceType: expect.any(String),
        bot: false,
        channel: expect.any(String),
        ip: '203.0.113.0', // the events' 203.0.113.7, anonymised
      })
      expect(session.country).toBeUndefined() // no geo database
    }
  })
})
