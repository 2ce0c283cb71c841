import { testEvent } from '@clickstream/sdk-core/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBrowserStore } from './delivery.js'
import { resolveAnalyticsOptions } from './options.js'

describe('createBrowserStore', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    localStorage.clear()
  })

  it('uses IndexedDB when it works', async () => {
    const store = createBrowserStore(resolveAnalyticsOptions({ writeKey: 'k' }), () => {})
    await store.add(testEvent())
    expect(await store.count()).toBe(1)
    expect(localStorage.getItem('clickstream_queue')).toBeNull()
  })

  it('falls back to localStorage without IndexedDB, then to memory when localStorage throws', async () => {
    const log: string[] = []
    vi.stubGlobal('indexedDB', undefined)
    const store = createBrowserStore(resolveAnalyticsOptions({ writeKey: 'k' }), (m) => log.push(m))
    const e = testEvent()
    await store.add(e)
    expect(JSON.parse(localStorage.getItem('clickstream_queue') ?? '[]')).toEqual([e])
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('quota', 'QuotaExceededError')
      },
    })
    await store.add(testEvent())
    expect(await store.count()).toBe(1) // memory, fresh
    expect(log).toEqual([
      expect.stringMatching(/queue storage failed .*; using localStorage/),
      expect.stringMatching(/queue storage failed .*quota.*; using memory/),
    ])
  })
})
