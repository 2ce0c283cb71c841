import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClientConfig, startDynalite } from '@clickstream/local-aws'
import type { SessionRecord } from '@clickstream/schema'
import { waitFor } from '@clickstream/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { injectFaults } from '../../test/dynamodb-faults.js'
import type { KeyState } from '../core/key-state.js'
import { StateTooLargeError } from '../errors.js'
import { createDynamoDbSessionStore } from './dynamodb.js'
import { createSessionTable } from './dynamodb-table.js'
import { testSessionStore } from './session-store.contract.js'
import type { SessionStore } from './session-store.js'

let dynamo: Awaited<ReturnType<typeof startDynalite>>

testSessionStore(
  'dynamodb (dynalite)',
  async () => {
    dynamo = await startDynalite()
    await createSessionTable(dynamo.client, 'sessions')
    return createDynamoDbSessionStore({ client: dynamo.client, tableName: 'sessions' })
  },
  async () => dynamo.close(),
)

describe('DynamoDB session store: interrupted and stale commits', () => {
  let local: Awaited<ReturnType<typeof startDynalite>>
  beforeAll(async () => {
    local = await startDynalite()
    await createSessionTable(local.client, 'faults')
  })
  afterAll(async () => local.close())

  const state = (id: string): KeyState => ({ facts: [{ id, t: 1, r: 1, k: 't' }], checkpoints: {} })
  const record = (key: string, eventCount: number): SessionRecord => ({
    sessionId: `${key}-s`,
    key,
    startedAt: '2026-03-01T08:00:00.000Z',
    endedAt: '2026-03-01T08:00:00.000Z',
    durationMs: 0,
    eventCount,
    pageViewCount: 0,
    trackCount: eventCount,
    eventCounts: { A: eventCount },
    bounce: false,
    updatedAt: '2026-03-01T08:00:00.000Z',
  })

  /** A new key's first commit: state `a` and one session. */
  const firstCommit = (store: SessionStore, key: string) =>
    store.commit({
      key,
      expectedVersion: 0,
      state: state('a'),
      upserts: [record(key, 1)],
      removals: [],
    })

  it('finishes a commit whose session writes failed when the key is loaded next', async () => {
    let failSessions = true
    const client = new DynamoDBClient(localClientConfig(local.endpoint))
    injectFaults(client, (put) =>
      failSessions && put.sk?.endsWith('#interrupted-s') ? 'throttle' : undefined,
    )
    const store = createDynamoDbSessionStore({ client, tableName: 'faults' })
    const key = 'interrupted'
    await expect(firstCommit(store, key)).rejects.toThrow(/Rate exceeded/)
    failSessions = false
    expect(await store.sessionsOfKey(key)).toEqual([])
    expect((await store.load(key)).version).toBe(1)
    expect(await store.sessionsOfKey(key)).toEqual([record(key, 1)])
  })

  it('refuses a state larger than an item may be, writing nothing', async () => {
    const store = createDynamoDbSessionStore({
      client: local.client,
      tableName: 'faults',
      maxStateBytes: 64,
    })
    const key = 'too-large'
    await expect(firstCommit(store, key)).rejects.toBeInstanceOf(StateTooLargeError)
    expect(await store.load(key)).toEqual({ version: 0, state: { facts: [], checkpoints: {} } })
    expect(await store.sessionsOfKey(key)).toEqual([])
  })

  it('never lets a slow writer of an older version overwrite a newer session', async () => {
    const client = new DynamoDBClient(localClientConfig(local.endpoint))
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let held = false
    injectFaults(client, (put) => {
      if (held || put.sk !== 'session#2026-03-01T08:00:00.000Z#stale-s' || put.v !== 1)
        return undefined
      held = true
      return gate
    })
    const slow = createDynamoDbSessionStore({ client, tableName: 'faults' })
    const fast = createDynamoDbSessionStore({ client: local.client, tableName: 'faults' })
    const key = 'stale'
    const slowCommit = firstCommit(slow, key)
    await waitFor(() => held, { what: 'the slow commit held at its write' })
    const loaded = await fast.load(key)
    expect(loaded.version).toBe(1)
    expect(
      await fast.commit({
        key,
        expectedVersion: 1,
        state: state('b'),
        upserts: [record(key, 2)],
        removals: [],
      }),
    ).toEqual({ ok: true, version: 2 })
    release()
    expect(await slowCommit).toEqual({ ok: true, version: 1 })
    expect(await fast.sessionsOfKey(key)).toEqual([record(key, 2)])
    client.destroy()
  })
})
