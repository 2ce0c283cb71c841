import type { SessionRecord } from '@clickstream/schema'
import { emptyKeyState, type KeyState } from '../core/key-state.js'
import { bySessionStart, type SessionStore } from './session-store.js'

/**
 * An in-memory `SessionStore` (tests, benchmarks). Commits are atomic; states are kept as JSON
 * (like a real store, a load never shares objects with an earlier commit); sessions are copied.
 */
export function createMemorySessionStore(): SessionStore & { readonly commits: number } {
  const states = new Map<string, { version: number; json: string }>()
  const sessions = new Map<string, Map<string, SessionRecord>>()
  let commits = 0
  const all = () => [...sessions.values()].flatMap((byId) => [...byId.values()])
  return {
    get commits() {
      return commits
    },
    async load(key) {
      const stored = states.get(key)
      if (!stored) return { version: 0, state: emptyKeyState() }
      return { version: stored.version, state: JSON.parse(stored.json) as KeyState }
    },
    async commit({ key, expectedVersion, state, upserts, removals }) {
      const version = states.get(key)?.version ?? 0
      if (version !== expectedVersion) return { ok: false, reason: 'conflict' }
      commits += 1
      states.set(key, { version: version + 1, json: JSON.stringify(state) })
      const byId = sessions.get(key) ?? new Map<string, SessionRecord>()
      for (const removal of removals) byId.delete(removal.sessionId)
      for (const session of upserts) byId.set(session.sessionId, { ...session })
      sessions.set(key, byId)
      return { ok: true, version: version + 1 }
    },
    async sessionsOfKey(key) {
      return structuredClone([...(sessions.get(key)?.values() ?? [])].sort(bySessionStart))
    },
    async getSession(sessionId) {
      return structuredClone(all().find((session) => session.sessionId === sessionId))
    },
    async sessionsOfUser(userId) {
      return structuredClone(
        all()
          .filter((session) => session.userId === userId)
          .sort(bySessionStart),
      )
    },
  }
}
