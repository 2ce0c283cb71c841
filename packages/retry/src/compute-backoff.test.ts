import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeBackoff } from './compute-backoff.js'

/** The largest double below 1: what a `random()` in `[0, 1)` can return at most. */
const TOP = 1 - 2 ** -53
const top = () => TOP

describe('computeBackoff', () => {
  it('draws whole ms uniformly below a ceiling that doubles per attempt', () => {
    const options = { baseMs: 100, maxMs: 300_000 }
    expect(computeBackoff(0, options, top)).toBe(99)
    expect(computeBackoff(1, options, top)).toBe(199)
    expect(computeBackoff(4, options, top)).toBe(1599)
    expect(computeBackoff(4, options, () => 0)).toBe(0)
    expect(computeBackoff(3, options, () => 0.5)).toBe(400)
    expect(computeBackoff(3, { baseMs: 50, maxMs: 2000 }, () => 0.5)).toBe(200)
    expect(computeBackoff(30, { baseMs: 1, maxMs: 2 ** 60 }, top)).toBe(2 ** 30 - 1)
  })

  it('is capped by maxMs, even after very many attempts', () => {
    expect(computeBackoff(10, { baseMs: 1000, maxMs: 5000 }, top)).toBe(4999)
    expect(computeBackoff(10, { baseMs: 50, maxMs: 2000 }, () => 0.5)).toBe(1000)
    expect(computeBackoff(10_000, { baseMs: 1000, maxMs: 300_000 }, top)).toBe(299_999)
    expect(computeBackoff(1e6, { baseMs: 10, maxMs: 200 }, top)).toBe(199)
    expect(computeBackoff(Number.MAX_SAFE_INTEGER, { baseMs: 10, maxMs: 200 }, top)).toBe(199)
  })

  it('waits nothing for a ceiling of 0, a zero base after any attempt included', () => {
    expect(computeBackoff(5, { baseMs: 0, maxMs: 1000 }, top)).toBe(0)
    expect(computeBackoff(1e6, { baseMs: 0, maxMs: 1000 }, top)).toBe(0)
    expect(computeBackoff(5, { baseMs: 100, maxMs: 0 }, top)).toBe(0)
    expect(computeBackoff(-3, { baseMs: 100, maxMs: 1000 }, top)).toBe(12) // still the formula: 12.5
  })

  it('keeps a random that strays out of [0, 1) within bounds', () => {
    const options = { baseMs: 100, maxMs: 1000 }
    expect(computeBackoff(2, options, () => 1)).toBe(399)
    expect(computeBackoff(2, options, () => 7)).toBe(399)
    expect(computeBackoff(2, options, () => -0.5)).toBe(0)
    // A fractional ceiling (10.5 ms) still gives a whole wait below it.
    expect(computeBackoff(0, { baseMs: 10.5, maxMs: 100 }, () => 1)).toBe(10)
  })

  it('uses Math.random by default: different draws, within bounds', () => {
    const delays = Array.from({ length: 200 }, () => computeBackoff(5, { baseMs: 10, maxMs: 1e6 }))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThan(320)
    expect(new Set(delays).size).toBeGreaterThan(20)
  })
})

/** What every caller relies on, for any bounds, attempt and draw. */
describe('computeBackoff contract', () => {
  const attempt = fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(0, 1, 52, 1023, 1e6))
  const bounds = fc.record({
    baseMs: fc.oneof(
      fc.integer({ min: 1, max: 1e6 }),
      fc.double({ min: 1, max: 1e4, noNaN: true }),
    ),
    maxMs: fc.oneof(
      fc.integer({ min: 1, max: 2 ** 40 }),
      fc.double({ min: 1, max: 1e9, noNaN: true }),
    ),
  })
  const draw = fc.oneof(
    fc.constantFrom(0, TOP),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  )
  /** The ceiling as the formula states it (`2 ** 1e6` is `Infinity` here, so `maxMs` wins). */
  const ceilingOf = (a: number, o: { baseMs: number; maxMs: number }) =>
    Math.min(o.maxMs, o.baseMs * 2 ** a)

  it('is a whole number of ms in [0, min(maxMs, baseMs·2^attempt)), never at or above it', () => {
    fc.assert(
      fc.property(attempt, bounds, draw, (a, o, r) => {
        const wait = computeBackoff(a, o, () => r)
        expect(Number.isInteger(wait)).toBe(true)
        expect(wait).toBeGreaterThanOrEqual(0)
        expect(wait).toBeLessThan(ceilingOf(a, o))
      }),
      { numRuns: 2000 },
    )
  })

  it('spans the whole range: 0 for a draw of 0, the last whole ms below the ceiling for ~1', () => {
    fc.assert(
      fc.property(attempt, bounds, (a, o) => {
        expect(computeBackoff(a, o, () => 0)).toBe(0)
        expect(computeBackoff(a, o, top)).toBe(Math.ceil(ceilingOf(a, o)) - 1)
      }),
    )
  })

  it('never shrinks as attempts grow, for the same draw (monotone ceiling)', () => {
    fc.assert(
      fc.property(attempt, attempt, bounds, draw, (a, b, o, r) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(computeBackoff(low, o, () => r)).toBeLessThanOrEqual(
          computeBackoff(high, o, () => r),
        )
      }),
    )
  })
})
