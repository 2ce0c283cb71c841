import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWebLock } from './web-locks.js'

// The Web Locks contract runs in real Chromium (lock.e2e.test.ts): happy-dom has no navigator.locks.
describe('createWebLock', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is undefined without navigator.locks, so each tab sends on its own', () => {
    vi.stubGlobal('navigator', { ...navigator, locks: undefined })
    expect(createWebLock('x')).toBeUndefined()
  })
})
