import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  kinesisRecords,
  message,
  objects,
  type Spec,
  tempDir,
  testEnricher,
  writeLake,
} from '../../test/lake-fixture.js'
import { openLake } from './open-lake.js'

let temp: Awaited<ReturnType<typeof tempDir>>
let lakes = 0
beforeAll(async () => {
  temp = await tempDir()
})
afterAll(async () => temp.remove())

/** Runs `sql` on a lake holding `specs` (one arrival batch). */
async function query(specs: Spec[], sql: string) {
  const lake = `${temp.dir}/identity-${++lakes}`
  await writeLake(lake, [kinesisRecords([specs.map(message)])], testEnricher)
  const open = await openLake({ lake })
  try {
    return objects(await open.query(sql))
  } finally {
    open.close()
  }
}
const personsOf = (specs: Spec[]) =>
  query(
    specs,
    'SELECT message_id, person_id FROM person_events ORDER BY "timestamp", message_id',
  ).then((rows) => Object.fromEntries(rows.map((r) => [r.message_id, r.person_id])))

describe('one person across devices and back-ends', () => {
  it('sign-up mid-session: the anonymous events before it are the new user’s, and so is the session', async () => {
    const specs: Spec[] = [
      { id: 'p1', at: 0, type: 'page', key: 'a' },
      { id: 't1', at: 5, key: 'a' },
      { id: 'i1', at: 10, type: 'identify', key: 'a', userId: 'u1' },
      { id: 't2', at: 12, key: 'a', userId: 'u1' },
    ]
    expect(await personsOf(specs)).toEqual({
      p1: 'user:u1',
      t1: 'user:u1',
      i1: 'user:u1',
      t2: 'user:u1',
    })
    expect(await query(specs, 'SELECT person_id, event_count FROM person_sessions')).toEqual([
      { person_id: 'user:u1', event_count: 4 },
    ])
  })

  it('two devices and the server: one person, two anonymous ids', async () => {
    const specs: Spec[] = [
      { id: 'd1', at: 0, type: 'page', key: 'desktop' },
      { id: 'd2', at: 1, type: 'identify', key: 'desktop', userId: 'u1' },
      { id: 'm1', at: 60, type: 'page', key: 'phone' },
      { id: 'm2', at: 61, type: 'identify', key: 'phone', userId: 'u1' },
      { id: 's1', at: 62, key: null, userId: 'u1', event: 'Order Completed' },
    ]
    const persons = await personsOf(specs)
    expect(new Set(Object.values(persons))).toEqual(new Set(['user:u1']))
    expect(
      await query(specs, 'SELECT person_id, user_id, anonymous_ids, event_count FROM persons'),
    ).toEqual([{ person_id: 'user:u1', user_id: 'u1', anonymous_ids: 2, event_count: 5 }])
  })

  it('alias after identify: an anonymous previous id joins the user; two identified users are not merged', async () => {
    const specs: Spec[] = [
      { id: 'a1', at: 0, type: 'page', key: 'old-anon' },
      { id: 'i1', at: 5, type: 'identify', key: 'dev', userId: 'u1' },
      { id: 'l1', at: 6, type: 'alias', key: 'dev', userId: 'u1', previousId: 'old-anon' },
      { id: 'i2', at: 7, type: 'identify', key: 'dev2', userId: 'u2' },
      { id: 'l2', at: 8, type: 'alias', key: 'dev2', userId: 'u2', previousId: 'u1' },
    ]
    const persons = await personsOf(specs)
    expect(persons.a1).toBe('user:u1')
    expect(persons.i2).toBe('user:u2')
    expect(
      await query(specs, 'SELECT message_id, previous_id, user_id FROM identity_conflicts'),
    ).toEqual([{ message_id: 'l2', previous_id: 'u1', user_id: 'u2' }])
    const users = await query(specs, 'SELECT person_id FROM persons ORDER BY person_id')
    expect(users.map((r) => r.person_id)).toEqual(['user:u1', 'user:u2'])
  })

  it('a shared computer: each user’s anonymous events are theirs, by time', async () => {
    const specs: Spec[] = [
      { id: 'x0', at: 0, type: 'page', key: 'kiosk' },
      { id: 'x1', at: 1, type: 'identify', key: 'kiosk', userId: 'ann' },
      { id: 'x2', at: 3, key: 'kiosk' },
      { id: 'x3', at: 10, type: 'identify', key: 'kiosk', userId: 'bob' },
      { id: 'x4', at: 12, key: 'kiosk' },
      { id: 'x5', at: 13, key: 'kiosk', userId: 'bob' },
    ]
    expect(await personsOf(specs)).toEqual({
      x0: 'user:ann',
      x1: 'user:ann',
      x2: 'user:ann',
      x3: 'user:bob',
      x4: 'user:bob',
      x5: 'user:bob',
    })
    expect(await query(specs, 'SELECT anonymous_id, user_id, users FROM identity_map')).toEqual([
      { anonymous_id: 'kiosk', user_id: 'ann', users: 2 },
    ])
  })

  it('a visitor never identified is a person of their own', async () => {
    const specs: Spec[] = [
      { id: 'v1', at: 0, type: 'page', key: 'visitor' },
      { id: 'v2', at: 1, key: 'other', userId: 'u9' },
    ]
    expect(await personsOf(specs)).toEqual({ v1: 'anon:visitor', v2: 'user:u9' })
  })
})

describe('the identity views on Athena', () => {
  it('parse with Trino’s grammar', { timeout: 60_000 }, async () => {
    const { TrinoSQL } = await import('dt-sql-parser')
    const { lakeViews } = await import('./views.js')
    const parser = new TrinoSQL()
    const identity = lakeViews('athena').filter((v) => /^(identity_|person)/.test(v.name))
    expect(identity.map((v) => v.name)).toEqual([
      'identity_links',
      'identity_conflicts',
      'identity_segments',
      'identity_map',
      'person_events',
      'person_sessions',
      'persons',
    ])
    for (const view of identity)
      expect([view.name, parser.validate(view.sql)]).toEqual([view.name, []])
  })
})

describe('openLake with partitionKeys', () => {
  it('reads only those keys’ rows, and a person’s sessions come out as on the whole lake', async () => {
    const specs: Spec[] = [
      { id: 'd1', at: 0, type: 'page', key: 'desktop' },
      { id: 'd2', at: 1, type: 'identify', key: 'desktop', userId: 'u1' },
      { id: 'm1', at: 60, type: 'page', key: 'phone' },
      { id: 'm2', at: 61, type: 'identify', key: 'phone', userId: 'u1' },
      { id: 'o1', at: 5, type: 'page', key: 'other' },
      { id: 'o2', at: 6, type: 'identify', key: 'other', userId: 'u2' },
    ]
    const lake = `${temp.dir}/identity-${++lakes}`
    await writeLake(lake, [kinesisRecords([specs.map(message)])], testEnricher)
    const sql =
      "SELECT session_id, event_count FROM person_sessions WHERE person_id = 'user:u1' ORDER BY 1"
    const whole = await openLake({ lake })
    const some = await openLake({ lake, partitionKeys: ['desktop', 'phone'] })
    const none = await openLake({ lake, partitionKeys: [] })
    try {
      expect(objects(await some.query(sql))).toEqual(objects(await whole.query(sql)))
      expect(objects(await some.query(sql))).toHaveLength(2)
      expect(
        objects(await some.query('SELECT DISTINCT partition_key FROM events ORDER BY 1')),
      ).toEqual([{ partition_key: 'desktop' }, { partition_key: 'phone' }])
      expect((await none.query('SELECT count(*) FROM events_raw')).rows).toEqual([['0']])
    } finally {
      for (const l of [whole, some, none]) l.close()
    }
  })
})
