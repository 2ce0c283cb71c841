import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClientConfig, startDynalite } from '@clickstream/local-aws'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveSessionRules } from '../src/core/options.js'
import { sessionIdOf } from '../src/core/session-id.js'
import { createTableDeadLetter } from '../src/dead-letter/dynamodb-table.js'
import { createMemoryDeadLetter } from '../src/dead-letter/memory.js'
import { createHandler } from '../src/handler/create-handler.js'
import { createDynamoDbSessionStore } from '../src/session-store/dynamodb.js'
import { createSessionTable } from '../src/session-store/dynamodb-table.js'
import {
  ARRIVAL_DAY,
  conflictAndRedelivery,
  expectedOnce,
  NEXT_DAY,
  reasonsAndPositions,
} from './dead-letters-once.js'
import { injectFaults } from './dynamodb-faults.js'
import { faultyStore, runShard } from './event-source.js'
import { kinesisRecord, message, rawRecord, sequenceOf, streamEvent } from './kinesis.js'
import { referenceSessions, withoutUpdatedAt } from './reference.js'
import { copiesOf, KEYS, options, rules, scenarioArb, streams } from './scenario.js'

let local: Awaited<ReturnType<typeof startDynalite>>
let table = 0
/** A fresh table per test, so tests never see each other's keys. */
async function freshTable() {
  const tableName = `sessions-${++table}`
  await createSessionTable(local.client, tableName)
  return tableName
}

beforeAll(async () => {
  local = await startDynalite()
})
afterAll(async () => local.close())

/** A browser's visit: lands from a campaign, browses, identifies, buys; comes back later. */
const visit = [
  message({
    id: 'v1',
    at: 0,
    type: 'page',
    url: 'https://shop.example/',
    referrer: 'https://news.example/',
    campaign: 'spring',
  }),
  message({ id: 'v2', at: 2, type: 'track', name: 'Product Viewed' }),
  message({ id: 'v3', at: 5, type: 'page', url: 'https://shop.example/cart' }),
  message({ id: 'v4', at: 6, type: 'identify', userId: 'user-42' }),
  message({ id: 'v5', at: 7, type: 'track', name: 'Order Completed' }),
]
const comeback = [message({ id: 'v6', at: 180, type: 'page', url: 'https://shop.example/orders' })]
const phone = [
  message({ id: 'p1', key: 'anon-phone', at: 60, type: 'identify', userId: 'user-42' }),
]

describe('sessionizer handler on dynalite', () => {
  it('sessionizes real Kinesis events, sets undecodable records aside, and ignores redelivery', async () => {
    const tableName = await freshTable()
    const store = createDynamoDbSessionStore({ client: local.client, tableName })
    const deadLetter = createTableDeadLetter({ client: local.client, tableName })
    const clock = () => Date.parse('2026-03-01T12:00:00.000Z')
    const handler = createHandler({ store, deadLetter, clock })
    const event = streamEvent([
      kinesisRecord('anon-1', visit.slice(0, 3), 1),
      rawRecord('anon-1', Buffer.from('{"v":1,"key":').toString('base64'), 2),
      kinesisRecord('anon-phone', phone, 3),
      rawRecord(
        'anon-1',
        Buffer.from(JSON.stringify({ v: 2, key: 'anon-1' })).toString('base64'),
        4,
      ),
      kinesisRecord('anon-1', [...visit.slice(3), ...comeback], 5),
    ])
    expect(await handler(event)).toEqual({ batchItemFailures: [] })

    const sessions = await store.sessionsOfKey('anon-1')
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatchObject({
      sessionId: sessionIdOf('anon-1', 'v1'),
      anonymousId: 'anon-1',
      userId: 'user-42',
      startedAt: '2026-03-01T08:00:00.000Z',
      endedAt: '2026-03-01T08:07:00.000Z',
      durationMs: 420_000,
      eventCount: 5,
      pageViewCount: 2,
      trackCount: 2,
      eventCounts: { 'Product Viewed': 1, 'Order Completed': 1 },
      landingPage: { url: 'https://shop.example/', path: '/' },
      exitPage: { path: '/cart' },
      referrer: 'https://news.example/',
      campaign: { name: 'spring', source: 'news' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      ip: '203.0.113.7',
      bounce: false,
      updatedAt: '2026-03-01T12:00:00.000Z',
    })
    expect(sessions[1]).toMatchObject({
      userId: 'user-42',
      bounce: true,
      landingPage: { path: '/orders' },
    })
    expect(await store.getSession(sessionIdOf('anon-1', 'v6'))).toEqual(sessions[1])
    const ofUser = await store.sessionsOfUser('user-42')
    expect(ofUser.map((s) => s.key)).toEqual(['anon-1', 'anon-phone', 'anon-1'])

    const dead = await deadLetter.list('2026-03-01')
    expect(dead.map((d) => [d.reason, d.sequenceNumber])).toEqual([
      ['not_json', sequenceOf(2)],
      ['unsupported_version', sequenceOf(4)],
    ])

    const later = createHandler({ store, deadLetter, clock: () => clock() + 60_000 })
    expect(await later(event)).toEqual({ batchItemFailures: [] })
    expect(await store.sessionsOfKey('anon-1')).toEqual(sessions)
    // The redelivery set the same records aside again: overwritten, not added.
    const again = await deadLetter.list('2026-03-01')
    expect(again.map((d) => [d.reason, d.sequenceNumber, d.at])).toEqual([
      ['not_json', sequenceOf(2), '2026-03-01T12:01:00.000Z'],
      ['unsupported_version', sequenceOf(4), '2026-03-01T12:01:00.000Z'],
    ])
  })

  it('sets each dead letter aside once through a commit conflict and a redelivery after midnight', async () => {
    const tableName = await freshTable()
    const store = createDynamoDbSessionStore({ client: local.client, tableName })
    const deadLetter = createTableDeadLetter({ client: local.client, tableName })
    const { responses, conflicts } = await conflictAndRedelivery(store, deadLetter)
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }])
    expect(conflicts).toBe(1)
    expect(reasonsAndPositions(await deadLetter.list(ARRIVAL_DAY))).toEqual(expectedOnce)
    expect(await deadLetter.list(NEXT_DAY)).toEqual([])
  })

  it('hands throttled keys back from their first record per shard, then completes on retry', async () => {
    const tableName = await freshTable()
    const client = new DynamoDBClient(localClientConfig(local.endpoint))
    let throttle = true
    injectFaults(client, (put) => (throttle && put.sk === '#state' ? 'throttle' : undefined))
    const store = createDynamoDbSessionStore({ client, tableName })
    const handler = createHandler({
      store,
      deadLetter: createMemoryDeadLetter(),
      maxAttempts: 2,
      sleep: async () => {},
    })
    const records = [
      kinesisRecord('anon-1', visit.slice(0, 2), 10, 'shardId-000000000001'),
      kinesisRecord('anon-1', visit.slice(2), 11, 'shardId-000000000001'),
      kinesisRecord('anon-1', comeback, 12, 'shardId-000000000002'),
    ]
    expect(await handler(streamEvent(records))).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceOf(10) }, { itemIdentifier: sequenceOf(12) }],
    })
    throttle = false
    expect(await handler(streamEvent(records))).toEqual({ batchItemFailures: [] })
    const expected = referenceSessions([...visit, ...comeback], resolveSessionRules())
    expect(withoutUpdatedAt(await store.sessionsOfKey('anon-1'))).toEqual(expected)
  })

  it('survives crashes between the state write and the session writes', async () => {
    const tableName = await freshTable()
    let crashes = 3
    const client = new DynamoDBClient(localClientConfig(local.endpoint))
    injectFaults(client, (put) =>
      put.sk?.startsWith('session#') && crashes-- > 0 ? 'throttle' : undefined,
    )
    const store = createDynamoDbSessionStore({ client, tableName })
    const handler = createHandler({ store, deadLetter: createMemoryDeadLetter() })
    const records = [...visit, ...comeback].map((event, i) =>
      kinesisRecord('anon-1', [event], i + 1),
    )
    await runShard(handler, records, { batchSizes: [2, 3], lostCheckpoints: [] })
    const expected = referenceSessions([...visit, ...comeback], resolveSessionRules())
    expect(withoutUpdatedAt(await store.sessionsOfKey('anon-1'))).toEqual(expected)
    expect(crashes).toBeLessThan(0)
  })

  it('gives the offline sessions under random redelivery, faults and races (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const tableName = await freshTable()
        const dynamo = createDynamoDbSessionStore({ client: local.client, tableName })
        const store = faultyStore(dynamo, [...scenario.faults])
        const handler = createHandler({
          ...options,
          store,
          deadLetter: createMemoryDeadLetter(),
          sleep: async () => {},
        })
        const copies = copiesOf(scenario)
        const plan = { batchSizes: scenario.batchSizes, lostCheckpoints: scenario.lostCheckpoints }
        await Promise.all(
          streams(scenario, copies).map((records) => runShard(handler, records, plan)),
        )
        const stored = (await Promise.all(KEYS.map((key) => dynamo.sessionsOfKey(key)))).flat()
        expect(withoutUpdatedAt(stored)).toEqual(referenceSessions(copies, rules, options.enricher))
      }),
      { numRuns: 40 },
    )
  })
})
