import { eventStoreContract, testEvent } from '@clickstream/sdk-core/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLocalStorageStore, memoryStorage } from './local-storage.js'

let n = 0
eventStoreContract('localStorage over memory', {
  create: (options) => createLocalStorageStore({ ...options, storage: memoryStorage() }),
})

eventStoreContract('localStorage', {
  create: (options) => createLocalStorageStore({ ...options, key: `q-${++n}` }),
  reopen: (options) => createLocalStorageStore({ ...options, key: `q-${n}` }),
})

describe('createLocalStorageStore', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })
  const failing = (method: 'getItem' | 'setItem', error: DOMException) => {
    const real = localStorage
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => real.getItem(k),
      setItem: (k: string, v: string) => real.setItem(k, v),
      [method]: () => {
        throw error
      },
    })
  }

  it('throws when localStorage is over quota, so the fallback store moves on', async () => {
    const store = createLocalStorageStore({
      storage: {
        getItem: () => null,
        setItem: () => {
          throw new DOMException('quota exceeded', 'QuotaExceededError')
        },
      },
    })
    await expect(store.add(testEvent())).rejects.toThrow('quota')
  })

  it('throws at creation when localStorage is blocked', () => {
    failing('getItem', new DOMException('blocked', 'SecurityError'))
    expect(() => createLocalStorageStore()).toThrow('blocked')
  })
})
