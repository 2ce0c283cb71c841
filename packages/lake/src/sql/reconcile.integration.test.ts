import { startDynalite } from '@clickstream/local-aws'
import {
  createDynamoDbSessionStore,
  createHandler,
  createSessionTable,
  createTableDeadLetter,
} from '@clickstream/sessionizer-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BOT_IP,
  captured,
  kinesisRecords,
  message,
  objects,
  type Spec,
  streamEvent,
  tempDir,
  testEnricher,
  writeLake,
} from '../../test/lake-fixture.js'
import { runSqlCli } from '../cli/main.js'
import { type Lake, openLake } from './open-lake.js'
import { readStoredSessions, reconcileSessions } from './reconcile.js'

const rules = { gapMs: 30 * 60_000, maxSessionMs: 2 * 3_600_000 }
const TABLE = 'clickstream-sessions'

/**
 * Simulated traffic: four browsers over two UTC days; a long browse past the maximum length;
 * events out of order inside envelopes; a phone's offline queue flushed 20 hours late; client
 * re-sends of a messageId with a later receivedAt; Kinesis redelivering whole records.
 */
function traffic(): Spec[][] {
  const browse = (key: string, start: number, n: number, step: number): Spec[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${key}-${start}-${i}`,
      key,
      at: start + i * step,
      type: i % 3 === 0 ? ('page' as const) : ('track' as const),
      path: `/p${i % 4}`,
    }))
  const a = browse('anon-a', 0, 12, 15) // 165 min: cut at 2 h
  const b = [
    ...browse('anon-b', 30, 6, 10),
    { id: 'b-id', key: 'anon-b', at: 95, type: 'identify' as const, userId: 'user-b' },
  ]
  const c = browse('anon-c', 900, 8, 20) // 23:00 to 01:20 UTC: over midnight
  const late = browse('anon-d', 60, 5, 5).map((s) => ({ ...s, lag: 20 * 60, ip: '203.0.113.4' }))
  // A monitor from a bot's IP; a visitor from Germany who came by a newsletter.
  const bot = browse('anon-e', 200, 3, 1).map((s) => ({ ...s, ip: BOT_IP }))
  const mail = browse('anon-f', 300, 3, 2).map((s, i) => ({
    ...s,
    ip: '2001:db8::9',
    ...(i === 0 ? { query: '?utm_source=news&utm_medium=email' } : {}),
  }))
  const back = browse('anon-a', 400, 3, 40) // 40 min apart: three sessions
  return [
    [...a.slice(0, 6).reverse(), ...b.slice(0, 3)],
    [...a.slice(6), ...b.slice(3), ...c.slice(0, 4)],
    [...c.slice(4), ...back, { ...(a[2] as Spec), lag: 7 }, { ...(c[1] as Spec), lag: 3 }],
    [...late, ...bot, ...mail],
  ]
}

let dynamo: Awaited<ReturnType<typeof startDynalite>>
let temp: Awaited<ReturnType<typeof tempDir>>
let lake: Lake
beforeAll(async () => {
  dynamo = await startDynalite()
  temp = await tempDir()
  await createSessionTable(dynamo.client, TABLE)
  const handler = createHandler({
    store: createDynamoDbSessionStore({ client: dynamo.client, tableName: TABLE }),
    deadLetter: createTableDeadLetter({ client: dynamo.client, tableName: TABLE }),
    ...rules,
    enricher: testEnricher,
  })
  const batches = traffic().map((batch) => kinesisRecords([batch.map(message)]))
  const records = kinesisRecords(traffic().map((batch) => batch.map(message)))
  // The sessionizer gets every batch, then the first two again (a retried invocation).
  let at = 0
  for (const [i, size] of batches.map((b) => b.length).entries()) {
    const batch = records.slice(at, at + size)
    at += size
    expect(await handler(streamEvent(batch) as never)).toEqual({ batchItemFailures: [] })
    if (i < 2) await handler(streamEvent(batch) as never)
  }
  // The lake gets each flush's records, and the first flush twice (a crash before the checkpoint).
  await writeLake(
    temp.dir,
    [records.slice(0, 5), records.slice(0, 5), records.slice(5)],
    testEnricher,
  )
  lake = await openLake({ lake: temp.dir, ...rules })
}, 60_000)
afterAll(async () => {
  lake?.close()
  await temp?.remove()
  await dynamo?.close()
})

describe('reconciliation: the sessions view and the sessionizer’s DynamoDB sessions', () => {
  it('agree on count, start, end, events and enrichment per session', async () => {
    const stored = await readStoredSessions(dynamo.client, TABLE)
    const sql = objects(
      await lake.query(
        `SELECT session_id, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
                strftime(ended_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ended_at, event_count
         FROM sessions ORDER BY session_id`,
      ),
    )
    const dynamodb = stored
      .map((s) => ({
        session_id: s.sessionId,
        started_at: s.startedAt,
        ended_at: s.endedAt,
        event_count: s.eventCount,
      }))
      .sort((x, y) => (x.session_id < y.session_id ? -1 : 1))
    // a: 2 (cut at 2 h), b: 1, c: 2 (over midnight, cut), d: 1 (late), a again: 3, e: 1, f: 1
    expect(sql).toHaveLength(11)
    expect(sql).toEqual(dynamodb)
    expect((await reconcileSessions(lake, stored)).rows).toEqual([])
  })

  it('the diff query shows a session missing on one side and one whose counts differ', async () => {
    const stored = await readStoredSessions(dynamo.client, TABLE)
    const [gone, changed, placed, flagged, ...rest] = stored as [
      (typeof stored)[0],
      ...typeof stored,
    ]
    expect(stored.map((s) => [s.country, s.bot])).toContainEqual(['DE', false])
    expect(stored.map((s) => s.bot)).toContain(true)
    const diff = objects(
      await reconcileSessions(lake, [
        { ...(changed as (typeof stored)[0]), eventCount: 99 },
        { ...(placed as (typeof stored)[0]), country: 'FR', channel: 'social' },
        { ...(flagged as (typeof stored)[0]), bot: !flagged?.bot, deviceType: 'tablet' },
        ...rest,
      ]),
    )
    expect(
      diff
        .map((d) => [
          d.session_id,
          d.difference,
          d.dynamodb_events,
          d.dynamodb_country,
          d.dynamodb_is_bot,
        ])
        .sort(),
    ).toEqual(
      [
        [gone.sessionId, 'only in lake', null, null, null],
        [changed?.sessionId, 'differs', 99, changed?.country ?? null, changed?.bot],
        [placed?.sessionId, 'differs', placed?.eventCount, 'FR', placed?.bot],
        [
          flagged?.sessionId,
          'differs',
          flagged?.eventCount,
          flagged?.country ?? null,
          !flagged?.bot,
        ],
      ].sort(),
    )
  })

  it('pnpm sql --reconcile against the table: no differences, status 0', async () => {
    const stdout = captured()
    const status = await runSqlCli({
      argv: [
        '--reconcile',
        '--lake',
        temp.dir,
        '--dynamodb',
        dynamo.endpoint,
        '--table',
        TABLE,
        '--gap',
        '30m',
        '--max-session',
        '2h',
      ],
      env: {},
      cwd: temp.dir,
      stdin: process.stdin,
      stdout,
      stderr: stdout,
    })
    expect([status, stdout.text]).toEqual([
      0,
      expect.stringMatching(
        /^no differences: the lake and clickstream-sessions agree on \d+ sessions\n$/,
      ),
    ])
  })
})
