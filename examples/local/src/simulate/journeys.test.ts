import { describe, expect, it } from 'vitest'
import { generateJourneys } from './journeys.js'

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
