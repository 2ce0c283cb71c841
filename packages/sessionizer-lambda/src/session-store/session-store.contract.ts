import type { SessionRecord } from '@clickstream/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyKeyState, type KeyState } from '../core/key-state.js'
import type { SessionStore } from './session-store.js'

const session = (
  key: string,
  sessionId: string,
  startedAt: string,
  userId?: string,
): SessionRecord => ({
  sessionId,
  key,
  anonymousId: key,
  ...(userId ? { userId } : {}),
  startedAt,
  endedAt: startedAt,
  durationMs: 0,
  eventCount: 1,
  pageViewCount: 1,
  trackCount: 0,
  eventCounts: {},
  landingPage: { url: 'https://shop.example/', path: '/' },
  bounce: true,
  updatedAt: '2026-03-01T09:00:00.000Z',
})

const stateWith = (id: string): KeyState => ({
  ...emptyKeyState(),
  facts: [{ id, t: 1, r: 1, k: 'p', ua: 'Mozilla/5.0' }],
  checkpoints: { 'shardId-000000000000': '42' },
})

/** The behaviour every `SessionStore` adapter must have. Each test uses its own keys. */
export function testSessionStore(
  name: string,
  setup: () => Promise<SessionStore>,
  teardown?: () => Promise<void>,
) {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore
    beforeAll(async () => {
      store = await setup()
    })
    if (teardown) afterAll(teardown)

    it('loads an unknown key as version 0 with an empty state', async () => {
      expect(await store.load('contract-empty')).toEqual({ version: 0, state: emptyKeyState() })
    })

    it('commits with the loaded version and loads what it committed', async () => {
      const key = 'contract-commit'
      const first = await store.commit({
        key,
        expectedVersion: 0,
        state: stateWith('a'),
        upserts: [],
        removals: [],
      })
      expect(first).toEqual({ ok: true, version: 1 })
      const second = await store.commit({
        key,
        expectedVersion: 1,
        state: stateWith('b'),
        upserts: [],
        removals: [],
      })
      expect(second).toEqual({ ok: true, version: 2 })
      expect(await store.load(key)).toEqual({ version: 2, state: stateWith('b') })
    })

    it('refuses a commit whose version moved on, changing nothing', async () => {
      const key = 'contract-conflict'
      await store.commit({
        key,
        expectedVersion: 0,
        state: stateWith('a'),
        upserts: [],
        removals: [],
      })
      const stale = await store.commit({
        key,
        expectedVersion: 0,
        state: stateWith('x'),
        upserts: [session(key, 'stale', '2026-03-01T08:00:00.000Z')],
        removals: [],
      })
      expect(stale).toEqual({ ok: false, reason: 'conflict' })
      expect(await store.load(key)).toEqual({ version: 1, state: stateWith('a') })
      expect(await store.sessionsOfKey(key)).toEqual([])
    })

    it('lets exactly one of two racing commits on a key win', async () => {
      const key = 'contract-race'
      const results = await Promise.all(
        ['a', 'b'].map((id) =>
          store.commit({
            key,
            expectedVersion: 0,
            state: stateWith(id),
            upserts: [session(key, `race-${id}`, '2026-03-01T08:00:00.000Z')],
            removals: [],
          }),
        ),
      )
      expect(results.filter((result) => result.ok)).toHaveLength(1)
      const winner = results[0]?.ok ? 'a' : 'b'
      expect(await store.load(key)).toEqual({ version: 1, state: stateWith(winner) })
      expect((await store.sessionsOfKey(key)).map((s) => s.sessionId)).toEqual([`race-${winner}`])
    })

    it('finds sessions by key in time order, by id, and by userId across keys', async () => {
      const late = session('contract-k1', 'k1-late', '2026-03-01T12:00:00.000Z', 'contract-user')
      const early = session('contract-k1', 'k1-early', '2026-03-01T08:00:00.000Z')
      const other = session('contract-k2', 'k2-mid', '2026-03-01T10:00:00.000Z', 'contract-user')
      await store.commit({
        key: 'contract-k1',
        expectedVersion: 0,
        state: stateWith('a'),
        upserts: [late, early],
        removals: [],
      })
      await store.commit({
        key: 'contract-k2',
        expectedVersion: 0,
        state: stateWith('b'),
        upserts: [other],
        removals: [],
      })
      expect(await store.sessionsOfKey('contract-k1')).toEqual([early, late])
      expect(await store.getSession('k2-mid')).toEqual(other)
      expect(await store.getSession('nope')).toBeUndefined()
      expect(await store.sessionsOfUser('contract-user')).toEqual([other, late])
    })

    it('moves a session whose start changed (removed at the old start, written at the new)', async () => {
      const key = 'contract-move'
      const before = session(key, 'mv', '2026-03-01T08:01:00.000Z')
      await store.commit({
        key,
        expectedVersion: 0,
        state: stateWith('a'),
        upserts: [before],
        removals: [],
      })
      const after = { ...before, startedAt: '2026-03-01T08:00:00.000Z' }
      await store.commit({
        key,
        expectedVersion: 1,
        state: stateWith('a'),
        upserts: [after],
        removals: [before],
      })
      expect(await store.sessionsOfKey(key)).toEqual([after])
      expect(await store.getSession('mv')).toEqual(after)
    })

    it('replaces changed sessions and removes merged ones everywhere', async () => {
      const key = 'contract-merge'
      const a = session(key, 'm-a', '2026-03-01T08:00:00.000Z', 'merge-user')
      const b = session(key, 'm-b', '2026-03-01T09:00:00.000Z', 'merge-user')
      await store.commit({
        key,
        expectedVersion: 0,
        state: stateWith('a'),
        upserts: [a, b],
        removals: [],
      })
      const merged = {
        ...a,
        endedAt: '2026-03-01T09:00:00.000Z',
        eventCount: 2,
        durationMs: 3_600_000,
      }
      await store.commit({
        key,
        expectedVersion: 1,
        state: stateWith('b'),
        upserts: [merged],
        removals: [b],
      })
      expect(await store.sessionsOfKey(key)).toEqual([merged])
      expect(await store.getSession('m-b')).toBeUndefined()
      expect(await store.sessionsOfUser('merge-user')).toEqual([merged])
    })
  })
}
