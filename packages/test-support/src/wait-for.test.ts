import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeadlinePassedError } from './errors.js'
import { waitFor } from './wait-for.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('waitFor', () => {
  it('returns as soon as the condition holds, sync or async', async () => {
    let checks = 0
    await waitFor(() => ++checks === 3, { interval: 1 })
    expect(checks).toBe(3)
    await waitFor(async () => ++checks === 5, { interval: 1 })
    expect(checks).toBe(5)
  })

  it('throws past the deadline, saying what was awaited and what was seen', async () => {
    let seen = 0
    const wait = waitFor(() => ++seen < 0, {
      deadline: 30,
      interval: 1,
      what: () => `a negative count (saw ${seen})`,
    })
    await expect(wait).rejects.toThrow(DeadlinePassedError)
    await expect(wait).rejects.toThrow(/^a negative count \(saw \d+\): not met within 30 ms$/)
    expect(seen).toBeGreaterThan(1)
  })

  it('runs on real time while the test fakes timers and Date', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date', 'performance'],
    })
    let real = false
    // Only real time passing (the fake clock never moves) lets the condition hold.
    const start = process.hrtime.bigint()
    await waitFor(() => (real = process.hrtime.bigint() - start > 20_000_000n), { interval: 1 })
    expect(real).toBe(true)
    await expect(waitFor(() => false, { deadline: 20, interval: 1 })).rejects.toThrow(
      DeadlinePassedError,
    )
  })
})
