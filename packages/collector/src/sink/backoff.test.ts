import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeBackoff, retryAfterSeconds } from './backoff.js'

const options = { baseMs: 50, maxMs: 2000 }

describe('computeBackoff', () => {
  it('is full jitter under an exponential ceiling capped at maxMs', () => {
    expect(computeBackoff(0, options, () => 0)).toBe(0)
    expect(computeBackoff(0, options, () => 0.999)).toBe(49)
    expect(computeBackoff(3, options, () => 0.5)).toBe(200)
    expect(computeBackoff(10, options, () => 0.5)).toBe(1000)
    expect(computeBackoff(1000, options, () => 0.999)).toBe(1998)
    expect(computeBackoff(30, { baseMs: 1, maxMs: 2 ** 60 }, () => 1 - 2 ** -53)).toBe(2 ** 30 - 1)
  })

  it('stays within [0, min(maxMs, baseMs·2^attempt))', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const wait = computeBackoff(attempt, options, () => r)
          expect(wait).toBeGreaterThanOrEqual(0)
          expect(wait).toBeLessThan(Math.min(options.maxMs, options.baseMs * 2 ** attempt))
        },
      ),
    )
  })
})

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(0)).toBe(1)
    expect(retryAfterSeconds(1001)).toBe(2)
    expect(retryAfterSeconds(2000)).toBe(2)
  })
})
