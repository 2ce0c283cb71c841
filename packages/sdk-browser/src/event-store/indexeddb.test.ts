import { eventStoreContract, testEvent } from '@clickstream/sdk-core/testing'
import { describe, expect, it } from 'vitest'
import { createIndexedDbStore } from './indexeddb.js'

let db = 0
eventStoreContract('IndexedDB', {
  create: (options) => createIndexedDbStore({ ...options, dbName: `test-${++db}` }),
  reopen: (options) => createIndexedDbStore({ ...options, dbName: `test-${db}` }),
})

describe('createIndexedDbStore', () => {
  it('keeps call order for events of the same millisecond', async () => {
    const store = createIndexedDbStore({ dbName: `test-${++db}` })
    const events = Array.from({ length: 50 }, () => testEvent(40, 1_700_000_000_000))
    for (const e of events) await store.add(e)
    expect((await store.peek(100)).map((e) => e.id)).toEqual(events.map((e) => e.id))
  })

  it('never loses an add when two tabs add at once', async () => {
    const name = `test-${++db}`
    const [a, b] = [createIndexedDbStore({ dbName: name }), createIndexedDbStore({ dbName: name })]
    const events = Array.from({ length: 40 }, () => testEvent())
    await Promise.all(events.map((e, i) => (i % 2 ? a : b).add(e)))
    expect((await a.peek(100)).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort())
  })
})
