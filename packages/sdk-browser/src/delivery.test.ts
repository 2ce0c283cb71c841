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

  it('falls back to localStorage without IndexedDB', async () => {
    const log: string[] = []
    vi.stubGlobal('indexedDB', undefined)
    const store = createBrowserStore(resolveAnalyticsOptions({ writeKey: 'k' }), (m) => log.push(m))
    const e = testEvent()
    await store.add(e)
    expect(JSON.parse(localStorage.getItem('clickstream_queue') ?? '[]')).toEqual([e])
    expect(log).toEqual([
      expect.stringMatching(/queue storage failed .*; falling back to localstorage/),
    ])
  })

  it('falls back to memory when localStorage throws too', async () => {
    const log: string[] = []
    vi.stubGlobal('indexedDB', undefined)
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError')
      },
    })
    const store = createBrowserStore(resolveAnalyticsOptions({ writeKey: 'k' }), (m) => log.push(m))
    const e = testEvent()
    await store.add(e)
    expect(await store.peek(10)).toEqual([e])
    expect(log).toEqual([
      expect.stringMatching(/; falling back to localstorage/),
      expect.stringMatching(/blocked.*; falling back to memory/),
    ])
  })
})
