import type { SessionRecord } from '@clickstream/schema'
import type { KeyState } from '../core/key-state.js'

/** A key's state as stored, with the version the next commit must name. 0 when absent. */
export interface StoredKeyState {
  version: number
  state: KeyState
}

/** A session that no longer exists (merged away, or renamed by a new first event). */
export type SessionRef = Pick<SessionRecord, 'sessionId' | 'startedAt'>

/** Everything one batch changes for one key: written together, or not at all. */
export interface SessionCommit {
  key: string
  /** The version `load` returned; the commit fails with a conflict when it moved on. */
  expectedVersion: number
  state: KeyState
  upserts: readonly SessionRecord[]
  removals: readonly SessionRef[]
}

export type CommitResult = { ok: true; version: number } | { ok: false; reason: 'conflict' }

/**
 * Where sessions and the per-key state live. `commit` is all-or-nothing as readers of the port
 * see it (adapters without multi-item transactions finish an interrupted commit on the next
 * `load`). Transient failures (throttling, network) are thrown.
 */
export interface SessionStore {
  load(key: string): Promise<StoredKeyState>
  commit(commit: SessionCommit): Promise<CommitResult>
  /** Sessions of a partition key, oldest first. */
  sessionsOfKey(key: string): Promise<SessionRecord[]>
  getSession(sessionId: string): Promise<SessionRecord | undefined>
  /** Sessions of a userId across devices (partition keys), oldest first. */
  sessionsOfUser(userId: string): Promise<SessionRecord[]>
}

/** Time order of sessions, ties by id. */
export const bySessionStart = (a: SessionRecord, b: SessionRecord) =>
  a.startedAt < b.startedAt
    ? -1
    : a.startedAt > b.startedAt
      ? 1
      : a.sessionId < b.sessionId
        ? -1
        : 1
