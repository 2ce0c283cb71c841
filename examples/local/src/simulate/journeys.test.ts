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

  it('spreads them over the users', () => {
    const users = new Set(calls.map((c) => c.anonymousId))
    expect(users.size).toBe(50)
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
    for (const c of calls) byUser.set(c.anonymousId, [...(byUser.get(c.anonymousId) ?? []), c])
    const gaps = [...byUser.values()].flatMap((list) =>
      list.slice(1).map((c, i) => c.at - (list[i]?.at ?? 0)),
    )
    expect(gaps.some((g) => g > gapMs)).toBe(true)
  })

  it('keeps userId on a user’s calls after sign-in', () => {
    const identify = calls.find((c) => c.type === 'identify')
    const later = calls.filter(
      (c) => c.anonymousId === identify?.anonymousId && c.at > (identify?.at ?? 0),
    )
    expect(later.every((c) => c.userId === identify?.userId)).toBe(true)
  })
})

describe('generateJourneys: what the enrichment sees', () => {
  const calls = generateJourneys({ ...options, users: 400, events: 6000 })
  const firsts = [...new Map(calls.map((c) => [c.anonymousId, c] as const)).values()]
  const context = (c: (typeof calls)[number]) =>
    c.context as { userAgent: string; ip: string; page?: { url: string; referrer: string } }

  it('sends every call with its user’s agent and public IP, from many networks', () => {
    expect(calls.every((c) => context(c).userAgent && context(c).ip)).toBe(true)
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
  })
})
