import { openEnricher } from '@clickstream/enrich'
import { describe, expect, it } from 'vitest'
import { generateJourneys } from './journeys.js'
import { journeysEndingBefore } from './simulate.js'

const gapMs = 30 * 60_000
const options = { users: 50, events: 2000, gapMs, start: Date.UTC(2026, 0, 1), seed: 7 }

describe('generateJourneys', () => {
  const calls = generateJourneys(options)

  it('makes exactly the requested number of calls, in time order, deterministically', () => {
    expect(calls).toHaveLength(2000)
    expect(calls.map((c) => c.at)).toEqual([...calls.map((c) => c.at)].sort((a, b) => a - b))
    expect(generateJourneys(options)).toEqual(calls)
    expect(generateJourneys({ ...options, seed: 8 })).not.toEqual(calls)
  })

  it('spreads them over the users (a browser each, more for some signed-in people)', () => {
    const browsers = new Set(calls.flatMap((c) => (c.anonymousId ? [c.anonymousId] : [])))
    expect(browsers.size).toBeGreaterThanOrEqual(45)
    expect(browsers.size).toBeLessThan(50 * 3)
  })

  it('has the shop funnel: views > adds > checkouts > orders, and some sign-ins', () => {
    const count = (event: string) => calls.filter((c) => c.event === event).length
    expect(count('Product Viewed')).toBeGreaterThan(count('Product Added'))
    expect(count('Product Added')).toBeGreaterThan(count('Checkout Started'))
    expect(count('Checkout Started')).toBeGreaterThanOrEqual(count('Order Completed'))
    expect(count('Order Completed')).toBeGreaterThan(0)
    expect(calls.filter((c) => c.type === 'identify').length).toBeGreaterThan(0)
  })

  it('lands visits from campaigns and referrers, and leaves idle gaps longer than the session gap', () => {
    expect(calls.some((c) => c.context.campaign)).toBe(true)
    const byUser = new Map<string, typeof calls>()
    for (const c of calls) {
      const key = c.anonymousId ?? (c.userId as string)
      byUser.set(key, [...(byUser.get(key) ?? []), c])
    }
    const gaps = [...byUser.values()].flatMap((list) =>
      list.slice(1).map((c, i) => c.at - (list[i]?.at ?? 0)),
    )
    expect(gaps.some((g) => g > gapMs)).toBe(true)
  })

  it('keeps userId on a browser’s calls after sign-in, until someone else signs in there', () => {
    const identify = calls.find((c) => c.type === 'identify')
    const next = calls.find(
      (c) =>
        c.type === 'identify' &&
        c.anonymousId === identify?.anonymousId &&
        c.userId !== identify?.userId,
    )
    const later = calls.filter(
      (c) =>
        c.anonymousId === identify?.anonymousId &&
        c.at > (identify?.at ?? 0) &&
        c.at < (next?.at ?? Number.POSITIVE_INFINITY),
    )
    expect(later.length).toBeGreaterThan(0)
    expect(later.every((c) => c.userId === identify?.userId)).toBe(true)
  })
})

describe('generateJourneys: the histories identity stitching must get right', () => {
  const calls = generateJourneys({ ...options, users: 300, events: 12_000, seed: 11 })
  const browser = calls.filter((c) => c.origin === 'browser')
  const identifies = calls.filter((c) => c.type === 'identify')
  const browsersOf = (userId: string) =>
    new Set(identifies.filter((c) => c.userId === userId).map((c) => c.anonymousId))

  it('signs people up in the middle of a visit: anonymous calls first, then the same browser identified', () => {
    const signUps = calls.filter((c) => c.event === 'Signed Up')
    expect(signUps.length).toBeGreaterThan(10)
    const midVisit = signUps.filter((s) => {
      const before = browser.filter(
        (c) => c.anonymousId === s.anonymousId && c.at < s.at && s.at - c.at < gapMs,
      )
      return before.some((c) => c.type === 'track' && !c.userId)
    })
    expect(midVisit.length).toBeGreaterThan(0)
  })

  it('brings signed-in people back on a second device of another kind, where they sign in again', () => {
    const userIds = [...new Set(identifies.map((c) => c.userId as string))]
    const twoDevices = userIds.filter((u) => browsersOf(u).size >= 2)
    expect(twoDevices.length).toBeGreaterThan(5)
    expect(calls.filter((c) => c.event === 'Signed In').length).toBeGreaterThan(5)
    const agentsOf = (userId: string) =>
      new Set(
        identifies
          .filter((c) => c.userId === userId)
          .map((c) => /iPhone|iPad|Mobile|SM-X/.test(String(c.context.userAgent))),
      )
    expect(twoDevices.some((u) => agentsOf(u).size === 2)).toBe(true)
  })

  it('has shared computers: a second person identifies on a browser where another was signed in', () => {
    const shared = [...new Set(identifies.map((c) => c.anonymousId))].filter(
      (a) => new Set(identifies.filter((c) => c.anonymousId === a).map((c) => c.userId)).size > 1,
    )
    expect(shared.length).toBeGreaterThan(0)
  })

  it('sends the backend’s calls with the userId only, after an order of a signed-in person', () => {
    const server = calls.filter((c) => c.origin === 'server')
    expect(server.length).toBeGreaterThan(0)
    expect(new Set(server.map((c) => c.event))).toEqual(
      new Set(['Payment Captured', 'Order Shipped']),
    )
    for (const c of server) {
      expect(c.anonymousId).toBeUndefined()
      expect(c.userId).toMatch(/^user-/)
      const orderId = (c.properties as { order_id: string }).order_id
      const order = calls.find(
        (o) => o.event === 'Order Completed' && o.properties?.order_id === orderId,
      )
      expect(order?.userId).toBe(c.userId)
      expect(c.at).toBeGreaterThanOrEqual(order?.at ?? Number.POSITIVE_INFINITY)
    }
  })

  it('lets bots crawl pages only, quickly, without sign-ins', () => {
    const bots = calls.filter((c) => /bot|Headless/i.test(String(c.context.userAgent)))
    expect(bots.length).toBeGreaterThan(0)
    expect(bots.every((c) => c.type === 'page' && !c.userId)).toBe(true)
  })

  it('spreads first visits over spanMs', () => {
    const week = 7 * 24 * 3_600_000
    const spread = generateJourneys({ ...options, spanMs: week })
    const firsts = [
      ...spread
        .reduce((m, c) => (m.has(c.anonymousId) ? m : m.set(c.anonymousId, c.at)), new Map())
        .values(),
    ] as number[]
    const days = new Set(firsts.map((at) => Math.floor((at - options.start) / 86_400_000)))
    expect(days.size).toBeGreaterThanOrEqual(5)
  })
})

describe('generateJourneys: what the enrichment sees', () => {
  const calls = generateJourneys({ ...options, users: 400, events: 6000 })
  // Each browser's first call (its landing).
  const firsts = [
    ...calls
      .filter((c) => c.origin === 'browser')
      .reduce((m, c) => (m.has(c.anonymousId) ? m : m.set(c.anonymousId, c)), new Map())
      .values(),
  ] as typeof calls
  const context = (c: (typeof calls)[number]) =>
    c.context as { userAgent: string; ip: string; page?: { url: string; referrer: string } }

  it('sends every browser call with its user’s agent and public IP, from many networks', () => {
    const browser = calls.filter((c) => c.origin === 'browser')
    expect(browser.every((c) => context(c).userAgent && context(c).ip)).toBe(true)
    const networks = new Set(firsts.map((c) => context(c).ip.split(/[.:]/).slice(0, 2).join('.')))
    expect(networks.size).toBeGreaterThanOrEqual(10)
    expect(firsts.some((c) => context(c).ip.includes(':'))).toBe(true)
  })

  it('every simulated IP has a country in the bundled database', () => {
    const enricher = openEnricher()
    const missing = firsts.filter((c) => !enricher.enrich({ ip: context(c).ip }).enrichment.country)
    expect(missing.map((c) => context(c).ip)).toEqual([])
  })

  it('has desktop, mobile and tablet browsers and a share of bots', () => {
    const agents = firsts.map((c) => context(c).userAgent)
    const share = (re: RegExp) => agents.filter((a) => re.test(a)).length / agents.length
    expect(share(/bot|Headless/i)).toBeGreaterThan(0.1)
    expect(share(/bot|Headless/i)).toBeLessThan(0.35)
    expect(share(/iPhone|Android.*Mobile/)).toBeGreaterThan(0.15)
    expect(share(/iPad|SM-X/)).toBeGreaterThan(0.03)
    expect(share(/Windows NT|Macintosh|X11/)).toBeGreaterThan(0.2)
  })

  it('lands from search, social, email, paid clicks and direct', () => {
    const landings = firsts.map((c) => `${context(c).page?.url} ${context(c).page?.referrer}`)
    for (const mark of [
      'google.',
      'bing.com',
      'facebook.com',
      't.co/',
      'utm_medium=email',
      'gclid=',
      'msclkid=',
    ])
      expect(landings.some((l) => l.includes(mark))).toBe(true)
    expect(firsts.some((c) => context(c).page?.referrer === '')).toBe(true)
  })
})

describe('journeysEndingBefore', () => {
  it('puts no call in the future, the last a minute before now', () => {
    const now = Date.UTC(2026, 5, 1)
    const calls = journeysEndingBefore({ users: 20, events: 3000, gapMs, seed: 3 }, now)
    expect(Math.max(...calls.map((c) => c.at))).toBe(now - 60_000)
    expect(calls).toHaveLength(3000)
    const spread = journeysEndingBefore(
      { users: 50, events: 3000, gapMs, seed: 3, spanMs: 7 * 86_400_000 },
      now,
    )
    expect(Math.max(...spread.map((c) => c.at))).toBe(now - 60_000)
    expect(Math.min(...spread.map((c) => c.at))).toBeLessThan(now - 5 * 86_400_000)
  })
})
