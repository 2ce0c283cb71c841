import { describe, expect, it } from 'vitest'
import { type SessionRecord, sessionRecordSchema } from './session.js'

const session: SessionRecord = {
  sessionId: 's-1',
  key: 'anon-1',
  anonymousId: 'anon-1',
  userId: 'user-1',
  startedAt: '2026-01-31T12:00:00.000Z',
  endedAt: '2026-01-31T12:10:00.000Z',
  durationMs: 600_000,
  eventCount: 4,
  pageViewCount: 2,
  trackCount: 2,
  eventCounts: { 'Product Viewed': 2 },
  landingPage: { url: 'https://shop.example/', path: '/', title: 'Shop' },
  exitPage: { url: 'https://shop.example/cart', path: '/cart', title: 'Cart' },
  referrer: 'https://search.example/',
  campaign: { source: 'newsletter', medium: 'email', name: 'spring' },
  userAgent: 'Mozilla/5.0',
  ip: '203.0.113.0',
  bounce: false,
  updatedAt: '2026-01-31T12:10:01.000Z',
  ttl: 1_800_000_000,
}

describe('sessionRecordSchema', () => {
  it('accepts a complete session', () => {
    expect(sessionRecordSchema.parse(session)).toEqual(session)
  })

  it.each([
    ['negative counts', { eventCount: -1 }],
    ['fractional durations', { durationMs: 1.5 }],
    ['bad timestamps', { startedAt: 'today' }],
    ['an empty id', { sessionId: '' }],
    ['non-numeric event counts', { eventCounts: { a: 'one' } }],
  ])('rejects %s', (_name, patch) => {
    expect(sessionRecordSchema.safeParse({ ...session, ...patch }).success).toBe(false)
  })
})
