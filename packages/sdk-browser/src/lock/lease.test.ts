import { lockContender, testLock } from '@clickstream/sdk-core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createLeaseLock } from './lease.js'

let now = 1_000
const TTL = 100

testLock('lease (happy-dom localStorage)', {
  contender: async (name) => lockContender(createLeaseLock(name, { ttl: TTL, now: () => now })),
  abandon: async () => {
    now += TTL + 1 // the dead tab's lease expires
  },
  race: 'best-effort',
})

describe('createLeaseLock', () => {
  afterEach(() => {
    localStorage.clear()
  })

  it('keeps the lease in localStorage while the task runs, and removes it after', async () => {
    const lock = createLeaseLock('lease-test', { ttl: 30_000, now: () => 5_000 })
    let release = () => {}
    const running = lock(() => new Promise<string>((resolve) => (release = () => resolve('a'))))
    expect(localStorage.getItem('lease-test')).toMatch(/^\S+ 35000$/)
    release()
    expect(await running).toBe('a')
    expect(localStorage.getItem('lease-test')).toBeNull()
  })

  it('runs unlocked without localStorage (there is no shared queue then either)', async () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('denied', 'SecurityError')
      },
    })
    try {
      expect(await createLeaseLock('x')(async () => 'ran')).toBe('ran')
    } finally {
      if (real) Object.defineProperty(globalThis, 'localStorage', real)
    }
  })
})
