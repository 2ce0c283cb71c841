import { describe, expect, it } from 'vitest'
import { eventStoreContract, testEvent } from './event-store.contract.js'
import type { EventStore } from './event-store.js'
import { createFallbackStore } from './fallback.js'
import { createMemoryStore } from './memory.js'

const broken = (failOn: keyof EventStore | 'open'): EventStore => {
  if (failOn === 'open') throw new Error('storage unavailable')
  const store = createMemoryStore()
  return {
    ...store,
    [failOn]: async () => {
      throw new Error(`${failOn} failed`)
    },
  }
}

eventStoreContract('fallback over a broken store', {
  create: (options) =>
    createFallbackStore([() => broken('open'), () => createMemoryStore(options)]),
})

describe('createFallbackStore', () => {
  it('moves to the next store when one throws, repeating the operation there', async () => {
    const seen: number[] = []
    const second = createMemoryStore()
    const store = createFallbackStore([() => broken('add'), () => second], (_error, index) =>
      seen.push(index),
    )
    const e = testEvent()
    expect(await store.add(e)).toEqual({ dropped: [] })
    expect(await second.peek(10)).toEqual([e])
    expect(seen).toEqual([1])
  })

  it('opens candidates lazily and never opens one it does not need', async () => {
    let opened = 0
    const store = createFallbackStore([
      () => createMemoryStore(),
      () => {
        opened++
        return createMemoryStore()
      },
    ])
    await store.add(testEvent())
    expect(await store.count()).toBe(1)
    expect(opened).toBe(0)
  })

  it('throws the last error when every candidate fails', async () => {
    const store = createFallbackStore([() => broken('open'), () => broken('peek')])
    await expect(store.peek(1)).rejects.toThrow('peek failed')
  })
})
