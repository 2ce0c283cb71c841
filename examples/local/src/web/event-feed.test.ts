import type { EnrichedMessage } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { createEventFeed } from './event-feed.js'

const event = (id: string, key: string, timestamp: string): EnrichedMessage => ({
  type: 'track',
  event: 'E',
  anonymousId: key,
  messageId: id,
  timestamp,
  receivedAt: timestamp,
})
const accepted = (id: string, key = 'k1', at = 1_000_000, ts = '2026-01-01T00:00:00.000Z') =>
  ({ kind: 'accepted', at, key, sourceId: 's', event: event(id, key, ts) }) as const

describe('event feed', () => {
  it('keeps the newest entries up to its capacity, newest first', () => {
    const feed = createEventFeed({ capacity: 3 })
    for (const id of ['a', 'b', 'c', 'd']) feed.add(accepted(id))
    expect(feed.recent().map((e) => (e.kind === 'accepted' ? e.event.messageId : ''))).toEqual([
      'd',
      'c',
      'b',
    ])
    expect(feed.totals()).toEqual({ accepted: 4, rejected: 0 })
  })

  it('tells subscribers about every entry until they unsubscribe', () => {
    const feed = createEventFeed()
    const seen: number[] = []
    const off = feed.subscribe((e) => seen.push(e.seq))
    feed.add(accepted('a'))
    off()
    feed.add(accepted('b'))
    expect(seen).toEqual([1])
  })

  it('counts accepted and rejected per second, with zeros for quiet seconds', () => {
    const feed = createEventFeed()
    feed.add(accepted('a', 'k', 10_000))
    feed.add(accepted('b', 'k', 10_500))
    feed.add({ kind: 'rejected', at: 12_100, sourceId: 's', issues: [], raw: '{}' })
    expect(feed.rate(4, 12_999)).toEqual([
      { t: 9, accepted: 0, rejected: 0 },
      { t: 10, accepted: 2, rejected: 0 },
      { t: 11, accepted: 0, rejected: 0 },
      { t: 12, accepted: 0, rejected: 1 },
    ])
  })

  it('gives a key’s accepted events within a time range, oldest first', () => {
    const feed = createEventFeed()
    feed.add(accepted('late', 'k1', 1, '2026-01-01T00:10:00.000Z'))
    feed.add(accepted('early', 'k1', 2, '2026-01-01T00:01:00.000Z'))
    feed.add(accepted('other', 'k2', 3, '2026-01-01T00:05:00.000Z'))
    feed.add(accepted('outside', 'k1', 4, '2026-01-01T01:00:00.000Z'))
    const ids = feed
      .timeline('k1', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:30:00Z'))
      .map((e) => e.messageId)
    expect(ids).toEqual(['early', 'late'])
  })
})
