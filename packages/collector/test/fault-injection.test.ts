import { decodeEnvelope } from '@clickstream/schema'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBatchingSink } from '../src/sink/batching.js'
import { createFakeStream, FakeCallError, isFakeRetryable } from './fake-stream.js'
import { testCollector, track } from './helpers.js'

/** A small deterministic PRNG, so a failing run can be replayed. */
function lcg(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

describe('durable acks under stream faults', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('never acknowledges an event that is not in the stream', async () => {
    const random = lcg(42)
    const stream = createFakeStream()
    let outage = false
    stream.failCall = (call) => {
      if (outage) throw new FakeCallError('ServiceUnavailable', true)
      if (call % 7 === 3) throw new FakeCallError('InternalFailure', true)
    }
    stream.failRecord = () =>
      random() < 0.3 ? 'ProvisionedThroughputExceededException' : undefined
    stream.delayMs = (call) => (call % 5 === 0 ? 3000 : 10)
    const sink = createBatchingSink({
      send: stream.send,
      isRetryableError: isFakeRetryable,
      ready: async () => true,
      deadlineMs: 5000,
      random,
    })
    const t = testCollector({ sink })
    const writtenIds = () =>
      new Set(stream.written.flatMap((r) => decodeEnvelope(r.data).events.map((e) => e.messageId)))

    const outcomes: { status: number; ids: string[]; missingAtAck: string[] }[] = []
    const requests: Promise<void>[] = []
    for (let r = 0; r < 60; r++) {
      if (r === 20) outage = true
      if (r === 35) outage = false
      const ids = Array.from({ length: 5 }, (_, i) => `r${r}-${i}`)
      const batch = ids.map((messageId, i) => track({ messageId, anonymousId: `k${(r + i) % 4}` }))
      requests.push(
        t.post('/v1/batch', { batch }).then((res) => {
          const written = writtenIds()
          outcomes.push({
            status: res.status,
            ids,
            missingAtAck: ids.filter((id) => !written.has(id)),
          })
          if (res.status !== 200) expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
        }),
      )
      await vi.advanceTimersByTimeAsync(500)
    }
    await vi.advanceTimersByTimeAsync(60_000)
    await Promise.all(requests)

    expect(outcomes).toHaveLength(60)
    const acked = outcomes.filter((o) => o.status === 200)
    expect(acked.length).toBeGreaterThan(10)
    expect(outcomes.some((o) => o.status === 503)).toBe(true)
    expect(outcomes.every((o) => o.status === 200 || o.status === 503)).toBe(true)
    expect(acked.flatMap((o) => o.missingAtAck)).toEqual([])
    expect(sink.stats().retried).toBeGreaterThan(0)
  })
})
