import { describe, expect, it } from 'vitest'
import { createRefreshing } from './refreshing.js'

/** A store whose next reads are scripted: a value, or an error. */
function store(...answers: (string | Error)[]) {
  const calls: number[] = []
  let t = 0
  return {
    clock: { now: () => t, advance: (ms: number) => (t += ms) },
    calls,
    read: async () => {
      calls.push(t)
      const next = answers.length > 1 ? answers.shift() : answers[0]
      if (next instanceof Error) throw next
      return next as string
    },
  }
}

describe('createRefreshing', () => {
  it('reads once per TTL and hands out the newest value', async () => {
    const s = store('v1', 'v2')
    const r = createRefreshing({
      read: s.read,
      ttlMs: 60_000,
      maxStaleMs: 600_000,
      now: s.clock.now,
    })
    expect(r.current()).toBeUndefined()
    await r.refresh()
    expect(r.current()).toBe('v1')
    s.clock.advance(59_999)
    await r.refresh()
    expect(r.current()).toBe('v1')
    expect(s.calls).toHaveLength(1)
    s.clock.advance(1)
    await r.refresh()
    expect(r.current()).toBe('v2')
    expect(s.calls).toEqual([0, 60_000])
  })

  it('reads once for concurrent refreshes', async () => {
    const s = store('v1')
    const r = createRefreshing({ read: s.read, ttlMs: 1000, maxStaleMs: 10_000, now: s.clock.now })
    await Promise.all([r.refresh(), r.refresh(), r.refresh()])
    expect(s.calls).toHaveLength(1)
  })

  it('keeps the value through failed reads until maxStaleMs, then has none', async () => {
    const errors: unknown[] = []
    const s = store('v1', new Error('throttled'))
    const r = createRefreshing({
      read: s.read,
      ttlMs: 60_000,
      maxStaleMs: 600_000,
      now: s.clock.now,
      onError: (e) => errors.push(e),
    })
    await r.refresh()
    s.clock.advance(60_000)
    await r.refresh()
    expect(r.current()).toBe('v1')
    expect(errors).toHaveLength(1)
    // Retried a tenth of the TTL later, not on every call.
    await r.refresh()
    expect(s.calls).toHaveLength(2)
    s.clock.advance(6_000)
    await r.refresh()
    expect(s.calls).toHaveLength(3)
    s.clock.advance(600_000 - 66_000)
    expect(r.current()).toBe('v1')
    s.clock.advance(1)
    expect(r.current()).toBeUndefined()
  })

  it('has no value while the first read fails, and retries it', async () => {
    const s = store(new Error('denied'), 'v1')
    const r = createRefreshing({
      read: s.read,
      ttlMs: 60_000,
      maxStaleMs: 600_000,
      now: s.clock.now,
    })
    await r.refresh()
    expect(r.current()).toBeUndefined()
    s.clock.advance(6_000)
    await r.refresh()
    expect(r.current()).toBe('v1')
  })
})
