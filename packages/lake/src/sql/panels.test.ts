import { TrinoSQL } from 'dt-sql-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
import { InvalidOptionError } from '../errors.js'
import { type Lake, openLake } from './open-lake.js'
import { materializePanelTables, PANELS, type PanelName, panelQuery } from './panels.js'

const DAY = '2026-03-01'
const filters = { from: DAY, to: DAY }
const NZ = '203.0.113.9'
/**
 * One shop day: anon-1 browses from NZ, signs up as u1 and comes back on a second device
 * (anon-2) and from the back end (user id only): one person. anon-3 bounces; a bot crawls.
 */
const specs: Spec[] = [
  { id: 'a1', key: 'anon-1', at: 0, type: 'page', path: '/', ip: NZ },
  { id: 'a2', key: 'anon-1', at: 1, event: 'Product Viewed' },
  { id: 'a3', key: 'anon-1', at: 2, type: 'page', path: '/cart' },
  { id: 'a4', key: 'anon-1', at: 3, event: 'Product Added' },
  { id: 'a5', key: 'anon-1', at: 4, type: 'identify', userId: 'u1' },
  { id: 'b1', key: 'anon-2', at: 120, type: 'page', path: '/', userId: 'u1' },
  { id: 'b2', key: 'anon-2', at: 121, type: 'page', path: '/cart', userId: 'u1' },
  { id: 'b3', key: 'anon-2', at: 122, event: 'Product Viewed', userId: 'u1' },
  { id: 's1', key: null, at: 125, event: 'Order Completed', userId: 'u1' },
  { id: 'c1', key: 'anon-3', at: 200, type: 'page', path: '/', ip: NZ },
  { id: 'x1', key: 'bot-1', at: 300, type: 'page', path: '/', ip: BOT_IP },
]

let lake: Lake
let temp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  temp = await tempDir()
  await writeLake(temp.dir, [kinesisRecords([specs.map(message)])], testEnricher)
  lake = await openLake({ lake: temp.dir })
})
afterAll(async () => {
  lake?.close()
  await temp?.remove()
})

const run = async (name: PanelName, options: Partial<Parameters<typeof panelQuery>[2]> = {}) =>
  objects(await lake.query(panelQuery(name, 'duckdb', { filters, ...options }).sql))

describe('panelQuery', () => {
  it('counts people across devices and back-end events once (identity stitching)', async () => {
    expect(await run('visitors')).toEqual([
      {
        visitors: 2,
        previous_visitors: 0,
        sessions: 4,
        previous_sessions: 0,
        events: 10,
        previous_events: 0,
      },
    ])
    expect(await run('top_pages')).toEqual([
      { page_path: '/', views: 3, visitors: 2 },
      { page_path: '/cart', views: 2, visitors: 1 },
    ])
    expect(await run('visitors', { filters: { ...filters, bots: true } })).toMatchObject([
      { visitors: 3, sessions: 5 },
    ])
  })

  it('applies a filter to every panel, the value a literal', async () => {
    // NZ: anon-1's first session (5 events, u1's) and anon-3's bounce.
    expect(await run('visitors', { filters: { ...filters, country: 'NZ' } })).toMatchObject([
      { visitors: 2, sessions: 2, events: 6 },
    ])
    for (const hostile of [
      "NZ' OR 'a'='a",
      "x'; DROP TABLE events_raw; --",
      '-- ;',
      'Ōtautahi ✓ \\',
    ]) {
      for (const name of PANELS) {
        const query = panelQuery(name, 'duckdb', {
          filters: {
            ...filters,
            country: hostile,
            channel: hostile,
            source: hostile,
            device: hostile,
          },
          steps: [hostile],
          page: hostile,
        })
        expect(query.sql).toContain(`country = '${hostile.replaceAll("'", "''")}'`)
        const rows = objects(await lake.query(query.sql))
        if (name === 'visitors') expect(rows).toMatchObject([{ visitors: 0, sessions: 0 }])
      }
    }
    expect((await lake.query('SELECT count(*) FROM events_raw')).rows).toEqual([['11']])
  })

  it('reads the same answers from the materialized tables', async () => {
    const tables = { sessionEvents: 'test_panel_events', personSessions: 'test_panel_sessions' }
    await materializePanelTables((sql) => lake.query(sql), tables)
    for (const name of PANELS)
      expect([name, await run(name, { tables })]).toEqual([name, await run(name)])
  })

  it('follows the funnel’s steps and the next pages', async () => {
    expect(await run('funnel', { steps: ['Product Viewed', 'Product Added'] })).toEqual([
      {
        step: 1,
        event: 'Product Viewed',
        sessions: 2,
        pct_of_first: 100,
        pct_of_previous: null,
        dropped: 0,
      },
      {
        step: 2,
        event: 'Product Added',
        sessions: 1,
        pct_of_first: 50,
        pct_of_previous: 50,
        dropped: 1,
      },
    ])
    expect(await run('paths', { page: '/' })).toEqual([
      { next_page: '/cart', views: 2, sessions: 2, pct: 66.7 },
      { next_page: '(exit)', views: 1, sessions: 1, pct: 33.3 },
    ])
  })

  it('refuses values it cannot take, naming them', () => {
    const refused = (options: Partial<Parameters<typeof panelQuery>[2]>, option: string) => {
      const error = (() => {
        try {
          panelQuery('visitors', 'duckdb', { filters, ...options })
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(InvalidOptionError)
      expect((error as InvalidOptionError).option).toBe(option)
    }
    refused({ filters: { from: '2026-02-30', to: DAY } }, 'from')
    refused({ filters: { from: DAY, to: '2026-02-01' } }, 'to')
    refused({ filters: { ...filters, country: '' } }, 'country')
    refused({ filters: { ...filters, channel: 'a\nb' } }, 'channel')
    refused({ filters: { ...filters, device: 'x'.repeat(201) } }, 'device')
    expect(() => panelQuery('funnel', 'duckdb', { filters, steps: [] })).toThrow(/steps/)
    expect(() =>
      panelQuery('funnel', 'duckdb', { filters, steps: ['a', 'b', 'c', 'd', 'e', 'f'] }),
    ).toThrow(/steps/)
  })

  it('gives Athena text that Trino’s grammar parses, for every panel', { timeout: 60_000 }, () => {
    const parser = new TrinoSQL()
    for (const name of PANELS) {
      const { sql } = panelQuery(name, 'athena', { filters: { ...filters, country: "it's" } })
      expect([name, parser.validate(sql)]).toEqual([name, []])
    }
  })
})
