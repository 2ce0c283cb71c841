import {
  createHandler,
  createMemoryDeadLetter,
  createMemorySessionStore,
  sessionIdOf,
} from '@clickstream/sessionizer-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BOT_IP,
  kinesisRecords,
  message,
  objects,
  type Spec,
  streamEvent,
  tempDir,
  testEnricher,
  writeLake,
} from '../../test/lake-fixture.js'
import { openLake } from './open-lake.js'

const rules = { gapMs: 30 * 60_000, maxSessionMs: 2 * 3_600_000 }
/** Minutes after BASE (08:00 UTC) of the next UTC midnight. */
const MIDNIGHT = 16 * 60
const tight = { gapMs: 30 * 60_000, maxSessionMs: 3_600_000 }
let temp: Awaited<ReturnType<typeof tempDir>>
let lakes = 0
beforeAll(async () => {
  temp = await tempDir()
})
afterAll(async () => temp.remove())

/** The SQL sessions view over a lake holding `specs` (as one arrival batch per list). */
async function sqlSessions(batches: Spec[][], session = rules) {
  const lake = `${temp.dir}/lake-${++lakes}`
  await writeLake(lake, [kinesisRecords(batches.map((b) => b.map(message)))], testEnricher)
  const open = await openLake({ lake, ...session })
  try {
    const result = await open.query(
      `SELECT session_id, "key", user_id, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
              strftime(ended_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ended_at, event_count,
              ${ENRICHMENT.map(([column]) => column).join(', ')}
       FROM sessions ORDER BY "key", started_at`,
    )
    // `objects` reads digits as numbers; versions are text ("126").
    const text = new Set(['browser_version', 'os_version'])
    return objects(result).map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([, value]) => value !== null)
          .map(([column, value]) => [column, text.has(column) ? String(value) : value]),
      ),
    )
  } finally {
    open.close()
  }
}

/** The sessionizer's sessions (its handler over an in-memory store) for the same records. */
async function sessionizerSessions(batches: Spec[][], session = rules) {
  const store = createMemorySessionStore()
  const handler = createHandler({
    store,
    deadLetter: createMemoryDeadLetter(),
    ...session,
    enricher: testEnricher,
  })
  const records = kinesisRecords(batches.map((b) => b.map(message)))
  for (const record of records) await handler(streamEvent([record]) as never)
  const keys = [...new Set(batches.flat().map((s) => s.key ?? 'anon-1'))].sort()
  const sessions = (await Promise.all(keys.map((k) => store.sessionsOfKey(k)))).flat()
  return sessions.map((s) => ({
    session_id: s.sessionId,
    key: s.key,
    ...(s.userId ? { user_id: s.userId } : {}),
    started_at: s.startedAt,
    ended_at: s.endedAt,
    event_count: s.eventCount,
    ...Object.fromEntries(
      ENRICHMENT.flatMap(([column, field]) => (s[field] === undefined ? [] : [[column, s[field]]])),
    ),
  }))
}

/** The sessions view's enrichment columns and the session record's fields they mirror. */
const ENRICHMENT = [
  ['device_type', 'deviceType'],
  ['browser_name', 'browserName'],
  ['browser_version', 'browserVersion'],
  ['os_name', 'osName'],
  ['os_version', 'osVersion'],
  ['is_bot', 'bot'],
  ['country', 'country'],
  ['region', 'region'],
  ['city', 'city'],
  ['channel', 'channel'],
  ['traffic_source', 'trafficSource'],
  ['traffic_medium', 'trafficMedium'],
] as const

describe('the sessions view follows the sessionizer', () => {
  it('splits after the gap (not at it) and past the maximum length; the ids are the sessionizer’s', async () => {
    const sessions = await sqlSessions([
      [
        { id: 'a', at: 0 },
        { id: 'b', at: 30 },
        { id: 'c', at: 61 },
        ...Array.from({ length: 8 }, (_, i) => ({ id: `m${i}`, at: 200 + i * 20 })),
      ],
    ])
    expect(sessions.map((s) => s.event_count)).toEqual([2, 1, 7, 1])
    expect(sessions[0]?.session_id).toBe(sessionIdOf('anon-1', 'a'))
    expect(sessions[2]?.session_id).toBe(sessionIdOf('anon-1', 'm0'))
    expect(sessions[3]?.session_id).toBe(sessionIdOf('anon-1', 'm7'))
  })

  it('orders ties by the messageId digest, keeps the copy received first, carries the userId', async () => {
    const batches: Spec[][] = [
      [
        { id: 'x', at: 5 },
        { id: 'y', at: 5 },
        { id: 'dup', at: 9, lag: 3 },
      ],
      [
        { id: 'dup', at: 8, lag: 1 },
        { id: 'i', at: 10, type: 'identify', userId: 'user-1' },
        { id: 'later', at: 300 },
      ],
    ]
    expect(await sqlSessions(batches)).toEqual(await sessionizerSessions(batches))
  })

  it('agrees with the sessionizer on random traffic: keys, gaps, long runs, re-sends, late arrivals', async () => {
    const spec = fc.record({
      key: fc.constantFrom('anon-a', 'anon-b', 'anon-c'),
      // 08:00 to 00:40 the next day: dense enough for runs past the maximum length, over midnight.
      at: fc.integer({ min: 0, max: 1000 }),
      type: fc.constantFrom('page', 'track', 'identify', 'screen'),
      userId: fc.option(fc.constantFrom('user-1', 'user-2'), { nil: undefined }),
      lag: fc.integer({ min: 0, max: 600 }),
      resend: fc.boolean(),
      userAgent: fc.constantFrom(
        undefined,
        null,
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
        'Googlebot/2.1 (+http://www.google.com/bot.html)',
      ),
      ip: fc.constantFrom(undefined, '203.0.113.9', '2001:db8::5', BOT_IP, 'not-an-ip'),
      query: fc.constantFrom(undefined, '?utm_source=news&utm_medium=email', '?gclid=1'),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 60 }), async (drawn) => {
        const specs: Spec[] = drawn.map((d, i) => ({
          id: `e${i}`,
          key: d.key,
          at: d.at,
          type: d.type as Spec['type'],
          ...(d.type === 'identify' && d.userId ? { userId: d.userId } : {}),
          lag: d.lag,
          ...(d.userAgent !== undefined ? { userAgent: d.userAgent } : {}),
          ...(d.ip ? { ip: d.ip } : {}),
          ...(d.query ? { query: d.query, referrer: 'https://www.google.com/' } : {}),
        }))
        // Arrival order: by receivedAt (late events arrive hours after their time); re-sends later.
        const arrival = [...specs].sort((a, b) => a.at + (a.lag ?? 0) - (b.at + (b.lag ?? 0)))
        // A client re-send: the same messageId, received later, its corrected time a minute off
        // (on the same UTC date: the events view deduplicates per date, README "Views").
        const resent = drawn.flatMap((d, i) =>
          d.resend
            ? [
                {
                  ...(specs[i] as Spec),
                  at: d.at === MIDNIGHT - 1 ? d.at - 1 : d.at + 1,
                  lag: d.lag + 5,
                },
              ]
            : [],
        )
        const batches = [arrival.slice(0, 20), arrival.slice(20), resent].filter((b) => b.length)
        expect(await sqlSessions(batches, tight)).toEqual(await sessionizerSessions(batches, tight))
      }),
      { numRuns: 12 },
    )
  }, 120_000)
})
