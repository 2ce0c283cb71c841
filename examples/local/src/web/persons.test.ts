import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTestLake } from '../../test/support/lake-files.js'
import { webAppOptions } from '../../test/support/web-app.js'
import { simulatedEnvelopes } from '../simulate/envelopes.js'
import { generateJourneys, type SimulatedCall } from '../simulate/journeys.js'
import { lakePersons, MAX_PERSON_QUERY, type PersonDetail } from './persons.js'
import { createWebApp } from './web-app.js'

const gapMs = 30 * 60_000
const traffic = {
  users: 150,
  events: 6000,
  gapMs,
  start: Date.UTC(2026, 2, 1, 8),
  spanMs: 3 * 86_400_000,
  seed: 11,
}
/** What the simulator did: the truth the lake's identity stitching is checked against. */
const calls = generateJourneys(traffic)
const identifies = calls.filter((c) => c.type === 'identify')
const usersOn = (anonymousId: string | undefined) =>
  new Set(identifies.filter((c) => c.anonymousId === anonymousId).map((c) => c.userId))
const browsersOf = (userId: string) =>
  new Set(identifies.filter((c) => c.userId === userId).map((c) => c.anonymousId as string))
const sharedBrowsers = [...new Set(identifies.map((c) => c.anonymousId))].filter(
  (a) => usersOn(a).size > 1,
)
/** Users who never touched a shared browser: their person is exactly their browsers. */
const plainUsers = [...new Set(identifies.map((c) => c.userId as string))].filter((u) =>
  [...browsersOf(u)].every((a) => usersOn(a).size === 1),
)
const iso = (c: SimulatedCall) => new Date(c.at).toISOString()

let dir: string
let persons: ReturnType<typeof lakePersons>
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'persons-'))
  await writeTestLake(join(dir, 'lake'), simulatedEnvelopes(traffic))
  persons = lakePersons(join(dir, 'lake'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

const personOf = async (id: string) => (await persons.get(id)) as PersonDetail
const timeline = (p: PersonDetail) => p.sessions.flatMap((s) => s.events)

describe('the person page’s reads: one person across devices and the back-end (lake)', () => {
  it('two devices: a search by userId finds one person with both browsers, sessions oldest first', async () => {
    const userId = plainUsers.find((u) => browsersOf(u).size >= 2) as string
    expect(userId).toBeDefined()
    const found = await persons.search(userId)
    expect(found?.map((p) => p.personId)).toEqual([`user:${userId}`])
    expect(found?.[0]).toMatchObject({ userId, anonymousIds: browsersOf(userId).size })
    const person = await personOf(`user:${userId}`)
    expect(new Set(person.devices.map((d) => d.anonymousId))).toEqual(browsersOf(userId))
    expect(person.devices.every((d) => d.users === 1 && d.deviceType !== null)).toBe(true)
    const starts = person.sessions.map((s) => s.startedAt)
    expect(starts).toEqual([...starts].sort())
    const sessionBrowsers = new Set(person.sessions.flatMap((s) => s.anonymousId ?? []))
    expect(sessionBrowsers).toEqual(browsersOf(userId))
    // Every page view and track the user's browsers sent is on the page, in some session.
    const mine = calls.filter(
      (c) => c.origin === 'browser' && browsersOf(userId).has(c.anonymousId as string),
    )
    const shown = new Set(timeline(person).map((e) => `${e.timestamp} ${e.event ?? e.name}`))
    for (const c of mine) expect(shown).toContain(`${iso(c)} ${c.event ?? c.name ?? null}`)
  })

  it('finds the same person by an anonymousId of either browser and by the e-mail trait in any case', async () => {
    const userId = plainUsers.find((u) => browsersOf(u).size >= 2) as string
    for (const anonymousId of browsersOf(userId))
      expect((await persons.search(anonymousId))?.map((p) => p.personId)).toEqual([
        `user:${userId}`,
      ])
    const byEmail = await persons.search(`${userId.toUpperCase()}@Example.COM`)
    expect(byEmail?.map((p) => [p.personId, p.email])).toEqual([
      [`user:${userId}`, `${userId}@example.com`],
    ])
  })

  it('sign-up mid-session: the anonymous events before it are in the new user’s session', async () => {
    const signUp = calls.find((s) => {
      if (s.event !== 'Signed Up' || usersOn(s.anonymousId).size > 1) return false
      return calls.some(
        (c) =>
          c.anonymousId === s.anonymousId &&
          c.type === 'track' &&
          !c.userId &&
          c.at < s.at &&
          s.at - c.at < gapMs,
      )
    }) as SimulatedCall
    expect(signUp).toBeDefined()
    const before = calls.filter(
      (c) =>
        c.anonymousId === signUp.anonymousId &&
        !c.userId &&
        c.at < signUp.at &&
        signUp.at - c.at < gapMs,
    )
    const person = await personOf(`user:${signUp.userId}`)
    const session = person.sessions.find((s) =>
      s.events.some((e) => e.event === 'Signed Up' && e.timestamp === iso(signUp)),
    )
    const times = new Set(session?.events.map((e) => e.timestamp))
    for (const c of before) expect(times).toContain(iso(c))
  })

  it('the back-end’s events (userId only) are the person’s too, in sessions without a browser', async () => {
    const server = calls.find(
      (c) => c.origin === 'server' && plainUsers.includes(c.userId as string),
    ) as SimulatedCall
    expect(server).toBeDefined()
    const person = await personOf(`user:${server.userId}`)
    const session = person.sessions.find((s) =>
      s.events.some((e) => e.event === server.event && e.timestamp === iso(server)),
    )
    expect(session).toMatchObject({ anonymousId: null, key: server.userId })
  })

  it('a shared computer: both people list the browser as shared, and neither is merged into the other', async () => {
    expect(sharedBrowsers.length).toBeGreaterThan(0)
    const anonymousId = sharedBrowsers[0] as string
    const [first, second] = identifies
      .filter((c) => c.anonymousId === anonymousId)
      .map((c) => c.userId as string)
      .filter((u, i, all) => all.indexOf(u) === i)
    const a = await personOf(`user:${first}`)
    const b = await personOf(`user:${second}`)
    for (const p of [a, b])
      expect(p.devices.find((d) => d.anonymousId === anonymousId)?.users).toBe(2)
    const secondSignUp = identifies.find(
      (c) => c.anonymousId === anonymousId && c.userId === second,
    ) as SimulatedCall
    expect(timeline(b).map((e) => e.timestamp)).toContain(iso(secondSignUp))
    expect(timeline(a).map((e) => e.timestamp)).not.toContain(iso(secondSignUp))
    expect((await persons.search(anonymousId))?.map((p) => p.personId).sort()).toEqual(
      [`user:${first}`, `user:${second}`].sort(),
    )
  })

  it('lists the people seen last without a query; finds nobody for hostile or unknown text', async () => {
    const latest = (await persons.search(undefined)) ?? []
    expect(latest).toHaveLength(50)
    const seen = latest.map((p) => p.lastSeen)
    expect(seen).toEqual([...seen].sort().reverse())
    for (const text of ["' OR 1=1 --", "x'); DROP TABLE events; --", 'nobody', '☃'])
      expect(await persons.search(text)).toEqual([])
    expect(await persons.get("user:' OR '1'='1")).toBeUndefined()
  })

  it('answers a lake without files as empty, not as an error', async () => {
    const empty = lakePersons(join(dir, 'no-lake-here'))
    expect(await empty.search('anyone')).toBeUndefined()
    expect(await empty.get('user:anyone')).toBeUndefined()
  })
})

describe('the person APIs', () => {
  it('answer people, 404 for an unknown person, 400 for a too long query, 503 with the lake off', async () => {
    const app = createWebApp(webAppOptions({ persons }))
    const userId = plainUsers[0] as string
    const search = await app.request(`/api/persons?q=${encodeURIComponent(userId)}`)
    expect(search.status).toBe(200)
    expect(await search.json()).toMatchObject({
      lake: true,
      persons: [{ personId: `user:${userId}` }],
    })
    const one = await app.request(`/api/persons/${encodeURIComponent(`user:${userId}`)}`)
    expect(one.status).toBe(200)
    expect(((await one.json()) as PersonDetail).person.userId).toBe(userId)
    const missing = await app.request('/api/persons/user%3Anobody')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } })
    const long = await app.request(`/api/persons?q=${'x'.repeat(MAX_PERSON_QUERY + 1)}`)
    expect(long.status).toBe(400)
    expect(await long.json()).toEqual({
      error: { code: 'invalid_parameter', message: `q: at most ${MAX_PERSON_QUERY} characters` },
    })
    const off = await createWebApp(webAppOptions()).request('/api/persons?q=x')
    expect(off.status).toBe(503)
    expect(await off.json()).toMatchObject({ error: { code: 'no_lake' } })
  })
})
