import { OTHER_EVENTS_KEY } from '@clickstream/schema/lite'
import { describe, expect, it } from 'vitest'
import { type EventSpec, message, minutes } from '../../test/kinesis.js'
import { applyBatch, sessionsOf } from './apply-batch.js'
import { emptyKeyState } from './key-state.js'
import { resolveSessionRules } from './options.js'
import { factIdOf, sessionIdOf } from './session-id.js'
import { boundedCounts, isSessionClosed } from './summarize.js'

const rules = resolveSessionRules({ gapMs: 30 * 60_000, maxSessionMs: 2 * 3_600_000 })

function sessionsFor(specs: EventSpec[], key = 'anon-1') {
  const events = specs.map(message)
  const record = { shardId: 's', sequenceNumber: '1', events }
  return applyBatch(key, emptyKeyState(), [record], rules).upserts
}

describe('sessionization rules', () => {
  it('starts a new session after the inactivity gap, not at it', () => {
    const sessions = sessionsFor([
      { id: 'a', at: 0 },
      { id: 'b', at: 30 },
      { id: 'c', at: 61 },
    ])
    expect(sessions.map((s) => s.eventCount)).toEqual([2, 1])
    expect(sessions[0]?.durationMs).toBe(30 * 60_000)
  })

  it('starts a new session past the maximum length', () => {
    const specs = Array.from({ length: 10 }, (_, i) => ({ id: `e${i}`, at: i * 20 }))
    const sessions = sessionsFor(specs)
    expect(sessions.map((s) => s.eventCount)).toEqual([7, 3])
    expect(sessions[1]?.startedAt).toBe(new Date(minutes(140)).toISOString())
  })

  it('orders by corrected timestamp, ties by messageId digest, whatever the arrival order', () => {
    const [first, second] = ['x', 'y'].sort((a, b) => (factIdOf(a) < factIdOf(b) ? -1 : 1))
    for (const order of [
      ['x', 'y'],
      ['y', 'x'],
    ]) {
      const [session] = sessionsFor(
        order.map((id) => ({
          id,
          at: 5,
          type: 'page' as const,
          url: `https://shop.example/${id}`,
        })),
      )
      expect(session?.landingPage?.path).toBe(`/${first}`)
      expect(session?.exitPage?.path).toBe(`/${second}`)
      expect(session?.sessionId).toBe(sessionIdOf('anon-1', first as string))
    }
  })

  it('summarizes pages, tracks, referrer, campaign, device and bounce', () => {
    const [session, bounced] = sessionsFor([
      { id: 'i', at: 0, type: 'identify' },
      {
        id: 'p1',
        at: 1,
        type: 'page',
        url: 'https://shop.example/a',
        referrer: 'https://news.example/',
      },
      { id: 't1', at: 2, name: 'Added', campaign: 'spring' },
      { id: 't2', at: 3, name: 'Added' },
      { id: 'p2', at: 4, type: 'page', url: 'https://shop.example/b' },
      { id: 'p3', at: 100, type: 'page', url: 'https://shop.example/c' },
    ])
    expect(session).toMatchObject({
      eventCount: 5,
      pageViewCount: 2,
      trackCount: 2,
      eventCounts: { Added: 2 },
      landingPage: { url: 'https://shop.example/a', path: '/a', title: 'Shop' },
      exitPage: { path: '/b' },
      referrer: 'https://news.example/',
      campaign: { name: 'spring', source: 'news' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      ip: '203.0.113.7',
      anonymousId: 'anon-1',
      bounce: false,
    })
    expect(bounced).toMatchObject({ eventCount: 1, pageViewCount: 1, bounce: true })
  })

  it('attaches the userId of identify to its session and later ones, not earlier ones', () => {
    const sessions = sessionsFor([
      { id: 'a', at: 0 },
      { id: 'b', at: 60 },
      { id: 'c', at: 61, type: 'identify', userId: 'user-1' },
      { id: 'd', at: 200 },
    ])
    expect(sessions.map((s) => s.userId)).toEqual([undefined, 'user-1', 'user-1'])
  })

  it('bounds per-event-name counts, the rest under $other', () => {
    const names = ['a', 'a', 'a', 'b', 'b', 'c', 'd']
    expect(boundedCounts(names, 3)).toEqual({ a: 3, b: 2, [OTHER_EVENTS_KEY]: 2 })
    expect(boundedCounts(names, 4)).toEqual({ a: 3, b: 2, c: 1, d: 1 })
  })

  it('closes sessions lazily', () => {
    const session = { endedAt: new Date(minutes(0)).toISOString() }
    expect(isSessionClosed(session, minutes(30), 30 * 60_000)).toBe(false)
    expect(isSessionClosed(session, minutes(31), 30 * 60_000)).toBe(true)
  })
})

describe('applyBatch', () => {
  const batch = (specs: EventSpec[], sequenceNumber: string, shardId = 'shard-1') => ({
    shardId,
    sequenceNumber,
    events: specs.map(message),
  })

  it('merges two sessions when a late event bridges them; the earlier id survives', () => {
    const first = applyBatch(
      'anon-1',
      emptyKeyState(),
      [
        batch(
          [
            { id: 'a', at: 0 },
            { id: 'c', at: 50 },
          ],
          '1',
        ),
      ],
      rules,
    )
    expect(first.upserts).toHaveLength(2)
    const second = applyBatch('anon-1', first.state, [batch([{ id: 'b', at: 25 }], '2')], rules)
    expect(second.upserts.map((s) => [s.sessionId, s.eventCount])).toEqual([
      [sessionIdOf('anon-1', 'a'), 3],
    ])
    expect(second.removals.map((s) => s.sessionId)).toEqual([sessionIdOf('anon-1', 'c')])
  })

  it('skips records at or below the shard high-water mark and known messageIds', () => {
    const first = applyBatch('anon-1', emptyKeyState(), [batch([{ id: 'a', at: 0 }], '5')], rules)
    const again = applyBatch('anon-1', first.state, [batch([{ id: 'a', at: 0 }], '5')], rules)
    expect(again).toMatchObject({ changed: false, applied: 0, duplicates: 1 })
    const resent = applyBatch(
      'anon-1',
      first.state,
      [batch([{ id: 'a', at: 0, receivedLag: 3 }], '9')],
      rules,
    )
    expect(resent).toMatchObject({ applied: 0, duplicates: 1, upserts: [] })
    expect(resent.state.checkpoints).toEqual({ 'shard-1': '9' })
  })

  it('keeps the copy received first when a messageId arrives twice with different timestamps', () => {
    const late = applyBatch(
      'anon-1',
      emptyKeyState(),
      [batch([{ id: 'a', at: 10, receivedLag: 5 }], '1')],
      rules,
    )
    const early = applyBatch(
      'anon-1',
      late.state,
      [batch([{ id: 'a', at: 9, receivedLag: 1 }], '2')],
      rules,
    )
    expect(early.upserts[0]?.startedAt).toBe(new Date(minutes(9)).toISOString())
  })

  it('compacts old sessions, freezes them and sets aside events that would change them', () => {
    const small = resolveSessionRules({ gapMs: 30 * 60_000, lateHorizonMs: 3_600_000 })
    const specs = [
      { id: 'a', at: 0 },
      { id: 'b', at: 10 },
      { id: 'c', at: 200 },
    ]
    const first = applyBatch('anon-1', emptyKeyState(), [batch(specs, '1')], small)
    expect(first.state.facts.map((f) => f.id)).toEqual([factIdOf('c')])
    expect(first.state.frozen).toEqual({ t: minutes(40) + 1, id: '' })
    const late = applyBatch(
      'anon-1',
      first.state,
      [
        batch(
          [
            { id: 'x', at: 40 },
            { id: 'y', at: 60 },
          ],
          '2',
        ),
      ],
      small,
    )
    expect(late.late.map((e) => e.messageId)).toEqual(['x'])
    expect(late.upserts.map((s) => s.sessionId)).toEqual([sessionIdOf('anon-1', 'y')])
    expect(sessionsOf('anon-1', late.state, small).drafts.map((s) => s.eventCount)).toEqual([1])
  })

  it('freezes even the newest session when it alone outgrows the state bound', () => {
    const tight = resolveSessionRules({ gapMs: 30 * 60_000, maxStateEvents: 10 })
    const bot = Array.from({ length: 21 }, (_, i) => ({ id: `b${i}`, at: i }))
    const first = applyBatch('anon-1', emptyKeyState(), [batch(bot, '1')], tight)
    expect(first.upserts.map((s) => s.eventCount)).toEqual([21])
    expect(first.state.facts).toEqual([])
    expect(first.state.frozen).toEqual({ t: minutes(20 + 30) + 1, id: '' })
    const next = applyBatch(
      'anon-1',
      first.state,
      [
        batch(
          [
            { id: 'x', at: 40 },
            { id: 'y', at: 60 },
          ],
          '2',
        ),
      ],
      tight,
    )
    expect(next.late.map((e) => e.messageId)).toEqual(['x'])
    expect(next.upserts.map((s) => s.sessionId)).toEqual([sessionIdOf('anon-1', 'y')])
  })
})
