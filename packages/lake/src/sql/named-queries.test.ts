import { enrichInputOf } from '@clickstream/enrich'
import { LAKE_COLUMNS } from '@clickstream/schema'
import { TrinoSQL } from 'dt-sql-parser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BOT_IP,
  kinesisRecords,
  message,
  objects,
  type Spec,
  tempDir,
  testEnricher,
  writeLake,
} from '../../test/lake-fixture.js'
import { namedQueries } from './named-queries.js'
import { type Lake, openLake } from './open-lake.js'

const DAY = 24 * 60
/** Tracking-plan violations recorded on flagged events (`context.violations`). */
const required = {
  path: 'properties.product_id',
  code: 'required',
  message: 'properties.product_id: is required by the tracking plan',
}
const total = {
  path: 'properties.total',
  code: 'invalid_type',
  message: 'properties.total: expected number, got string',
}
/** The columns enrichment added (after `violations`, the last column before it). */
const ENRICHMENT_COLUMNS = LAKE_COLUMNS.slice(
  LAKE_COLUMNS.findIndex((c) => c.name === 'device_type'),
).map((c) => c.name)
/** Two days of a small shop, with a redelivered record: answers worked out by hand below. */
const day1: Spec[] = [
  { id: 'a1', key: 'anon-1', at: 0, type: 'page', path: '/' },
  { id: 'a2', key: 'anon-1', at: 1, event: 'Product Viewed', violations: [required, total] },
  { id: 'a3', key: 'anon-1', at: 2, event: 'Product Added', violations: [total] },
  { id: 'a4', key: 'anon-1', at: 3, event: 'Checkout Started' },
  { id: 'a5', key: 'anon-1', at: 4, type: 'page', path: '/cart' },
  { id: 'a6', key: 'anon-1', at: 100, type: 'page', path: '/' },
  { id: 'b1', key: 'anon-2', at: 10, type: 'page', path: '/' },
  { id: 'b2', key: 'anon-2', at: 12, event: 'Product Viewed', violations: [required] },
]
const day2: Spec[] = [
  { id: 'c1', key: 'anon-3', at: DAY, type: 'page', path: '/pricing' },
  { id: 'a7', key: 'anon-1', at: DAY + 30, event: 'Order Completed' },
]
const range = { from: '2026-03-01', to: '2026-03-02' }

let temp: Awaited<ReturnType<typeof tempDir>>
let lake: Lake
beforeAll(async () => {
  temp = await tempDir()
  const [first, second] = [kinesisRecords([day1.map(message)]), kinesisRecords([day2.map(message)])]
  // The second flush redelivers anon-2's record: a duplicate the events view removes.
  await writeLake(temp.dir, [first, [...second, ...first.slice(-1)]])
  lake = await openLake({ lake: temp.dir })
})
afterAll(async () => {
  lake.close()
  await temp.remove()
})

const run = async (name: string, options = { range }) => {
  const query = namedQueries('duckdb', options).find((q) => q.name === name)
  if (!query) throw new Error(`no named query ${name}`)
  return objects(await lake.query(query.sql))
}

describe('named queries on DuckDB, on a lake with known answers', () => {
  it('daily activity: events, users and sessions per day; a range reads only its days', async () => {
    expect(await run('daily_activity')).toEqual([
      { event_date: '2026-03-01', events: 8, users: 2, sessions: 3 },
      { event_date: '2026-03-02', events: 2, users: 2, sessions: 2 },
    ])
    const second = await run('daily_activity', { range: { from: '2026-03-02', to: '2026-03-02' } })
    expect(second.map((r) => r.event_date)).toEqual(['2026-03-02'])
    expect(
      await run('daily_activity', { range: { from: '2026-04-01', to: '2026-04-30' } }),
    ).toEqual([])
  })

  it('top pages and top events', async () => {
    expect(await run('top_pages')).toEqual([
      { page_path: '/', views: 3, visitors: 2 },
      { page_path: '/cart', views: 1, visitors: 1 },
      { page_path: '/pricing', views: 1, visitors: 1 },
    ])
    expect((await run('top_events')).map((r) => [r.event, r.events])).toEqual([
      ['Product Viewed', 2],
      ['Checkout Started', 1],
      ['Order Completed', 1],
      ['Product Added', 1],
    ])
  })

  it('sessions per user, session lengths and bounce rate', async () => {
    expect((await run('sessions_per_user')).map((r) => [r.user_key, r.sessions, r.events])).toEqual(
      [
        ['anon-1', 3, 7],
        ['anon-2', 1, 2],
        ['anon-3', 1, 1],
      ],
    )
    const lengths = await run('session_length_distribution')
    expect(
      lengths.filter((r) => Number(r.sessions) > 0).map((r) => [r.length, r.sessions]),
    ).toEqual([
      ['single event', 3],
      ['1-5 min', 2],
    ])
    expect(await run('bounce_rate')).toEqual([
      { event_date: '2026-03-01', sessions: 3, bounces: 1, bounce_rate_pct: 33.3 },
      { event_date: '2026-03-02', sessions: 2, bounces: 1, bounce_rate_pct: 50 },
    ])
  })

  it('top violations: per source, event, field and code, counted once per event (the redelivered copy too)', async () => {
    expect(
      (await run('top_violations')).map((r) => [r.event, r.path, r.code, r.events, r.example]),
    ).toEqual([
      ['Product Viewed', 'properties.product_id', 'required', 2, required.message],
      ['Product Added', 'properties.total', 'invalid_type', 1, total.message],
      ['Product Viewed', 'properties.total', 'invalid_type', 1, total.message],
    ])
    const rows = objects(await lake.query('SELECT message_id, code FROM violations ORDER BY 1, 2'))
    expect(rows).toEqual([
      { message_id: 'a2', code: 'invalid_type' },
      { message_id: 'a2', code: 'required' },
      { message_id: 'a3', code: 'invalid_type' },
      { message_id: 'b2', code: 'required' },
    ])
  })

  it('funnel: steps in order within one session', async () => {
    expect((await run('funnel')).map((r) => [r.event, r.sessions, r.pct_of_first])).toEqual([
      ['Product Viewed', 2, 100],
      ['Product Added', 1, 50],
      ['Checkout Started', 1, 50],
      ['Order Completed', 0, 0],
    ])
  })
})

describe('the Athena text', () => {
  const parser = new TrinoSQL()
  const athena = namedQueries('athena')

  // The grammar's first parse warms up for a second or more; a loaded machine takes longer.
  it('parses with Trino’s grammar, every query', { timeout: 60_000 }, () => {
    expect(athena.map((q) => q.name).sort()).toEqual(namedQueries('duckdb').map((q) => q.name))
    for (const query of athena)
      expect([query.name, parser.validate(query.sql)]).toEqual([query.name, []])
  })

  it('is what the parser refuses when it is DuckDB’s (the check can fail)', () => {
    const duckdb = namedQueries('duckdb').find((q) => q.name === 'daily_activity')
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}) // ANTLR's own listener
    expect(parser.validate(duckdb?.sql ?? '').length).toBeGreaterThan(0)
    quiet.mockRestore()
  })

  it('reads only the Glue table, over the last 30 days unless told, with the views as CTEs', () => {
    for (const query of athena) {
      expect(query.sql).not.toMatch(/read_parquet|epoch_ms|list_reduce|RECURSIVE/i)
      expect(query.sql).toContain('FROM "events_raw"')
      expect(query.sql).toContain("current_date - INTERVAL '29' DAY")
    }
    const funnel = athena.find((q) => q.name === 'funnel')?.sql ?? ''
    expect(funnel).toMatch(/^-- Funnel.*\nWITH\nevents AS \(/)
    expect(funnel).toContain('session_events AS (')
    expect(funnel).toContain('counted_sessions AS (') // bots' sessions left out
    const glue = namedQueries('athena', { table: 'lake_rows', range })
    expect(glue[0]?.sql).toContain(
      `FROM "lake_rows"\n    WHERE event_date BETWEEN '2026-03-01' AND '2026-03-02'`,
    )
  })
})

describe('named queries on an enriched lake: channels, devices, bots left out', () => {
  const specs: Spec[] = [
    {
      id: 'g1',
      key: 'anon-g',
      at: 0,
      type: 'page',
      ip: '203.0.113.5',
      query: '?utm_source=news&utm_medium=email',
      referrer: 'https://mail.example/',
    },
    { id: 'g2', key: 'anon-g', at: 2, ip: '203.0.113.5' },
    { id: 'h1', key: 'anon-h', at: 5, type: 'page', ip: '2001:db8::3' },
    { id: 'x1', key: 'anon-bot', at: 1, type: 'page', ip: BOT_IP },
    { id: 'x2', key: 'anon-bot', at: 1.5, type: 'page', ip: BOT_IP },
  ]
  let enriched: Lake
  let dir: Awaited<ReturnType<typeof tempDir>>
  beforeAll(async () => {
    dir = await tempDir()
    await writeLake(dir.dir, [kinesisRecords([specs.map(message)])], testEnricher)
    enriched = await openLake({ lake: dir.dir })
  })
  afterAll(async () => {
    enriched.close()
    await dir.remove()
  })
  const query = async (name: string, includeBots = false) => {
    const q = namedQueries('duckdb', { range, includeBots }).find((n) => n.name === name)
    return objects(await enriched.query(q?.sql ?? ''))
  }
  const of = (id: string) =>
    testEnricher.enrich(enrichInputOf(message(specs.find((s) => s.id === id) as Spec))).enrichment

  it('daily activity leaves bots’ events, users and sessions out unless told', async () => {
    expect(await query('daily_activity')).toEqual([
      { event_date: '2026-03-01', events: 3, users: 2, sessions: 2 },
    ])
    expect(await query('daily_activity', true)).toEqual([
      { event_date: '2026-03-01', events: 5, users: 3, sessions: 3 },
    ])
  })

  it('channels: sessions and users per channel, source and medium, per day', async () => {
    const g = of('g1')
    const h = of('h1')
    const rows = [g, h].map((e) => ({
      event_date: '2026-03-01',
      channel: e.channel,
      traffic_source: e.trafficSource ?? null,
      traffic_medium: e.trafficMedium ?? null,
      sessions: 1,
      users: 1,
    }))
    const sorted = (list: readonly object[]) =>
      [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(sorted(await query('channels'))).toEqual(sorted(rows))
    expect(g.trafficSource).toContain('utm_source=news') // the echo: read from the page URL
    // The bot's session came the way h's did (no campaign, no referrer): one more session there.
    const withBots = await query('channels', true)
    expect(withBots.map((r) => r.sessions).sort()).toEqual([1, 2])
  })

  it('devices: sessions and users per device type, browser, OS and country', async () => {
    const row = (id: string, country: string) => ({
      device_type: of(id).deviceType,
      browser_name: of(id).browserName ?? null,
      os_name: of(id).osName ?? null,
      country,
      sessions: 1,
      users: 1,
    })
    expect(await query('devices')).toEqual([row('h1', 'DE'), row('g1', 'NZ')])
    const all = await query('devices', true)
    expect(all).toContainEqual(expect.objectContaining({ device_type: 'bot', sessions: 1 }))
  })

  it('the Athena text leaves bots out by default, keeps them when told, and parses', {
    timeout: 60_000,
  }, () => {
    const parser = new TrinoSQL()
    for (const includeBots of [false, true]) {
      const athena = namedQueries('athena', { includeBots })
      for (const q of athena) expect([q.name, parser.validate(q.sql)]).toEqual([q.name, []])
      const channels = athena.find((q) => q.name === 'channels')?.sql ?? ''
      if (includeBots) expect(channels).not.toContain('coalesce(is_bot, false) = false')
      else expect(channels).toContain('coalesce(is_bot, false) = false')
    }
  })
})

describe('a lake with Parquet files from before enrichment', () => {
  it('reads them beside new ones (union by name): their enrichment columns are null', async () => {
    const dir = await tempDir()
    try {
      const old: Spec[] = [{ id: 'o1', key: 'anon-o', at: 0, type: 'page', ip: '203.0.113.5' }]
      const fresh: Spec[] = [{ id: 'n1', key: 'anon-n', at: 0, type: 'page', ip: '203.0.113.5' }]
      await writeLake(dir.dir, [kinesisRecords([fresh.map(message)])], testEnricher)
      // The old file: the same rows written with the column list before enrichment.
      await writeLake(`${dir.dir}/staging`, [kinesisRecords([old.map(message)])], testEnricher)
      const staged = await openLake({ lake: `${dir.dir}/staging` })
      const target = `${dir.dir}/events/event_date=2026-03-01/old.parquet`
      const enrichment = ENRICHMENT_COLUMNS.map((c) => `"${c}"`).join(', ')
      await staged.connection.run(
        `COPY (SELECT * EXCLUDE (${enrichment}, event_date) FROM events_raw) TO '${target}' (FORMAT parquet)`,
      )
      staged.close()
      const columns = objects(
        await (await openLake({ lake: `${dir.dir}/staging` })).query(
          `SELECT count(*) AS n FROM (DESCRIBE SELECT * FROM read_parquet('${target}')) WHERE column_name IN (${ENRICHMENT_COLUMNS.map((c) => `'${c}'`).join(', ')})`,
        ),
      )
      expect(columns).toEqual([{ n: 0 }])
      const both = await openLake({ lake: dir.dir })
      try {
        expect(
          objects(
            await both.query(
              'SELECT message_id, country, is_bot, device_type FROM events ORDER BY message_id',
            ),
          ),
        ).toEqual([
          { message_id: 'n1', country: 'NZ', is_bot: false, device_type: of('n1') },
          { message_id: 'o1', country: null, is_bot: null, device_type: null },
        ])
        expect(
          objects(await both.query('SELECT "key", country, is_bot FROM sessions ORDER BY 1')),
        ).toEqual([
          { key: 'anon-n', country: 'NZ', is_bot: false },
          { key: 'anon-o', country: null, is_bot: null },
        ])
      } finally {
        both.close()
      }
    } finally {
      await dir.remove()
    }
    function of(id: string) {
      return testEnricher.enrich(
        enrichInputOf(message({ id, key: 'anon-n', at: 0, type: 'page', ip: '203.0.113.5' })),
      ).enrichment.deviceType
    }
  })
})
