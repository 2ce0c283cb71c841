import { describe, expect, it } from 'vitest'
import { parseRetryAfter, retryAfterSeconds } from './retry-after.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T06:00:00Z')
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 06:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 05:00:00 GMT', now)).toBe(0)
  })
  it('gives undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })
})

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(0)).toBe(1)
    expect(retryAfterSeconds(1001)).toBe(2)
    expect(retryAfterSeconds(2000)).toBe(2)
  })
  it('is read back by parseRetryAfter as at least the ms it covers', () => {
    for (const ms of [0, 1, 999, 1000, 1001, 2000, 299_999]) {
      expect(parseRetryAfter(String(retryAfterSeconds(ms)))).toBeGreaterThanOrEqual(ms)
    }
  })
})
