import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLeaseLock } from './lease.js'
import { createWebLock } from './web-locks.js'

describe('createLeaseLock', () => {
  afterEach(() => localStorage.clear())

  it('lets one holder run at a time and frees the lease afterwards', async () => {
    const a = createLeaseLock('lease-test')
    const b = createLeaseLock('lease-test')
    let release = () => {}
    const running = a(() => new Promise<string>((resolve) => (release = () => resolve('a'))))
    expect(await b(async () => 'b')).toBeUndefined()
    release()
    expect(await running).toBe('a')
    expect(localStorage.getItem('lease-test')).toBeNull()
    expect(await b(async () => 'b')).toBe('b')
  })

  it('takes over the expired lease of a tab that died', async () => {
    let now = 1_000
    const dead = createLeaseLock('lease-dead', { ttl: 100, now: () => now })
    const alive = createLeaseLock('lease-dead', { ttl: 100, now: () => now })
    void dead(() => new Promise(() => {})) // never finishes
    expect(await alive(async () => 1)).toBeUndefined()
    now += 101
    expect(await alive(async () => 2)).toBe(2)
  })
})

describe('createWebLock', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is undefined without navigator.locks, so the lease is used', () => {
    vi.stubGlobal('navigator', { ...navigator, locks: undefined })
    expect(createWebLock('x')).toBeUndefined()
  })

  it('asks for the lock ifAvailable and skips the task when it is taken', async () => {
    let held = false
    const request = vi.fn(async (_name: string, _opts: unknown, cb: (lock: unknown) => unknown) =>
      cb(held ? null : {}),
    )
    vi.stubGlobal('navigator', { ...navigator, locks: { request } })
    const lock = createWebLock('x')
    expect(await lock?.(async () => 'ran')).toBe('ran')
    held = true
    expect(await lock?.(async () => 'ran')).toBeUndefined()
    expect(request).toHaveBeenCalledWith('x', { ifAvailable: true }, expect.any(Function))
  })
})
