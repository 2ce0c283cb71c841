import { waitFor } from '@clickstream/test-support'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testEvent } from '../event-store/event-store.contract.js'
import type { StoredEvent } from '../event-store/event-store.js'
import { createMemoryStore } from '../event-store/memory.js'
import type { Lock } from '../lock/lock.js'
import { createMemoryLock } from '../lock/memory.js'
import { createMemoryTransport } from '../transport/memory.js'
import type { TransportResult } from '../transport/transport.js'
import { createAttemptLimit } from './attempt-limit.js'
import { createDispatcher, type DispatcherEvents } from './dispatcher.js'
import type { DispatcherOptions } from './options.js'

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.id)

function setup(
  respond?: (
    events: readonly StoredEvent[],
    n: number,
  ) => TransportResult | Promise<TransportResult>,
  options: Partial<DispatcherOptions> = {},
) {
  const store = options.store ?? createMemoryStore()
  const transport = createMemoryTransport(respond)
  const dispatcher = createDispatcher({
    store,
    transport,
    lock: createMemoryLock(),
    batchSize: 3,
    flushInterval: 1000,
    ...options,
  })
  const log: { [K in keyof DispatcherEvents]: DispatcherEvents[K][] } = {
    delivered: [],
    dropped: [],
    error: [],
  }
  for (const type of ['delivered', 'dropped', 'error'] as const) {
    dispatcher.on(type, (payload) => (log[type] as unknown[]).push(payload))
  }
  return { store, transport, dispatcher, log }
}

describe('createDispatcher with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-22T06:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends a full batch at once and a partial one after flushInterval', async () => {
    const { dispatcher, transport, store } = setup()
    const events = Array.from({ length: 4 }, () => testEvent(40, Date.now()))
    for (const e of events) await dispatcher.enqueue(e)
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.sends.map((s) => ids(s.events))).toEqual([ids(events.slice(0, 3))])
    await vi.advanceTimersByTimeAsync(999)
    expect(transport.sends).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(transport.sends.map((s) => ids(s.events))).toEqual([
      ids(events.slice(0, 3)),
      ids(events.slice(3)),
    ])
    expect(await store.count()).toBe(0)
  })

  it('sends one partial batch when the interval runs out, then full batches while events trickle in', async () => {
    const { dispatcher, transport } = setup(
      () =>
        new Promise<TransportResult>((resolve) => setTimeout(() => resolve({ status: 200 }), 50)),
    )
    const events = Array.from({ length: 4 }, () => testEvent(40, Date.now()))
    await dispatcher.enqueue(events[0] as StoredEvent)
    await vi.advanceTimersByTimeAsync(1010) // the interval sends [0]; it is in flight until 1050
    await dispatcher.enqueue(events[1] as StoredEvent)
    await vi.advanceTimersByTimeAsync(10)
    await dispatcher.enqueue(events[2] as StoredEvent)
    await vi.advanceTimersByTimeAsync(80) // [0] answered at 1050: 1 and 2 wait for a full batch
    expect(transport.sends.map((s) => ids(s.events))).toEqual([ids(events.slice(0, 1))])
    await dispatcher.enqueue(events[3] as StoredEvent)
    await vi.advanceTimersByTimeAsync(100)
    expect(transport.sends.map((s) => ids(s.events))).toEqual([
      ids(events.slice(0, 1)),
      ids(events.slice(1, 4)),
    ])
  })

  it('keeps events through failures and removes them only after a 2xx', async () => {
    const statuses = [500, 503, 200]
    const { dispatcher, transport, store, log } = setup(
      (_events, n) => ({ status: statuses[n] ?? 200 }),
      { random: () => 0.5 },
    )
    const e = testEvent(40, Date.now())
    await dispatcher.enqueue(e)
    await vi.advanceTimersByTimeAsync(1000)
    expect(transport.sends).toHaveLength(1)
    expect(await store.count()).toBe(1)
    expect(log.error).toMatchObject([{ reason: 'HTTP 500', retryIn: 500, events: [e] }])
    await vi.advanceTimersByTimeAsync(500)
    expect(transport.sends).toHaveLength(2)
    expect(log.error[1]).toMatchObject({ reason: 'HTTP 503', retryIn: 1000 })
    expect(await store.count()).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(transport.sends).toHaveLength(3)
    expect(await store.count()).toBe(0)
    expect(log.delivered).toEqual([{ events: [e] }])
    expect(transport.sends.every((s) => ids(s.events)[0] === e.id)).toBe(true)
  })

  it('waits exactly as long as Retry-After says on a 429', async () => {
    const { dispatcher, transport } = setup((_e, n) =>
      n === 0 ? { status: 429, retryAfter: '30' } : { status: 200 },
    )
    await dispatcher.enqueue(testEvent(40, Date.now()))
    await vi.advanceTimersByTimeAsync(1000)
    expect(transport.sends).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(transport.sends).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(transport.sends).toHaveLength(2)
  })

  it('drops a batch on a 4xx with the reason and goes on with the next', async () => {
    const { dispatcher, store, log } = setup((_e, n) => ({ status: n === 0 ? 400 : 200 }))
    const events = Array.from({ length: 4 }, () => testEvent(40, Date.now()))
    for (const e of events) await dispatcher.enqueue(e)
    await dispatcher.flush()
    expect(log.dropped).toEqual([
      { events: events.slice(0, 3), code: 'rejected', reason: 'HTTP 400, not retried' },
    ])
    expect(log.delivered).toEqual([{ events: events.slice(3) }])
    expect(await store.count()).toBe(0)
  })

  it('drops events older than maxAge instead of sending them', async () => {
    const { dispatcher, transport, log } = setup(undefined, { maxAge: 60_000 })
    const old = testEvent(40, Date.now() - 60_001)
    const fresh = testEvent(40, Date.now())
    await dispatcher.enqueue(old)
    await dispatcher.enqueue(fresh)
    await dispatcher.flush()
    expect(log.dropped).toEqual([
      { events: [old], code: 'expired', reason: 'older than maxAge (60000 ms)' },
    ])
    expect(transport.delivered()).toEqual([JSON.parse(fresh.json)])
  })

  it('gives up after the retryLimit sends of an event', async () => {
    const { dispatcher, store, log } = setup(() => ({ status: 500 }), {
      retryLimit: createAttemptLimit(3),
    })
    await dispatcher.enqueue(testEvent(40, Date.now()))
    const flushed = dispatcher.flush()
    await vi.runAllTimersAsync()
    await flushed
    expect(log.error).toHaveLength(3)
    expect(log.dropped).toMatchObject([
      { code: 'retries-exhausted', reason: 'gave up after 3 attempts: HTTP 500' },
    ])
    expect(await store.count()).toBe(0)
  })

  it('reports queue overflow as dropped events', async () => {
    const { dispatcher, log } = setup(undefined, {
      store: createMemoryStore({ maxEvents: 2 }),
      batchSize: 10,
    })
    const events = Array.from({ length: 3 }, () => testEvent(40, Date.now()))
    for (const e of events) await dispatcher.enqueue(e)
    expect(log.dropped).toEqual([{ events: [events[0]], code: 'queue-full', reason: 'queue full' }])
    expect(ids(dispatcher.pending())).toEqual(ids(events.slice(1)))
  })

  it('drops an event the store fails to add, with code queue-failed', async () => {
    const store = createMemoryStore()
    const { dispatcher, log } = setup(undefined, {
      store: { ...store, add: () => Promise.reject(new Error('disk on fire')) },
    })
    const event = testEvent(40, Date.now())
    expect(await dispatcher.enqueue(event)).toBe(false)
    expect(log.dropped).toEqual([
      { events: [event], code: 'queue-failed', reason: 'queue failed: disk on fire' },
    ])
  })

  it('retries when the transport throws', async () => {
    let n = 0
    const { dispatcher, log, store } = setup(() => {
      if (n++ === 0) throw new Error('boom')
      return { status: 200 }
    })
    await dispatcher.enqueue(testEvent(40, Date.now()))
    const flushed = dispatcher.flush()
    await vi.runAllTimersAsync()
    await flushed
    expect(log.error).toMatchObject([{ reason: 'no response: boom' }])
    expect(await store.count()).toBe(0)
  })

  it('sends nothing while paused and everything on resume', async () => {
    const { dispatcher, transport } = setup()
    dispatcher.pause()
    await dispatcher.enqueue(testEvent(40, Date.now()))
    await dispatcher.flush() // settles at once while paused
    await vi.advanceTimersByTimeAsync(5000)
    expect(transport.sends).toHaveLength(0)
    dispatcher.resume()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.sends).toHaveLength(1)
  })

  it('backs off while another sender holds the lock', async () => {
    let held = true
    const lock: Lock = async (task) => (held ? undefined : task())
    const { dispatcher, transport } = setup(undefined, { lock })
    await dispatcher.enqueue(testEvent(40, Date.now()))
    await vi.advanceTimersByTimeAsync(3000)
    expect(transport.sends).toHaveLength(0)
    held = false
    await vi.advanceTimersByTimeAsync(1000)
    expect(transport.sends).toHaveLength(1)
  })

  it('sends pending events in small chunks on unload without removing them', async () => {
    const { dispatcher, transport, store } = setup(undefined, { batchSize: 100 })
    const events = Array.from({ length: 10 }, () => testEvent(10_000, Date.now()))
    for (const e of events) await dispatcher.enqueue(e)
    dispatcher.sendUnloading(32_000)
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.sends.every((s) => s.options.unloading)).toBe(true)
    expect(transport.sends.map((s) => s.events.length)).toEqual([3, 3, 3, 1])
    expect(await store.count()).toBe(10)
  })
})

describe('createDispatcher with real timers', () => {
  it('delivers every event exactly once through a transport that fails half the time', async () => {
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const { dispatcher, transport, store } = setup(() => ({ status: random() < 0.5 ? 500 : 200 }), {
      retryBaseDelay: 2,
      retryMaxDelay: 10,
      flushInterval: 1,
    })
    const events = Array.from({ length: 50 }, () => testEvent(40, Date.now()))
    for (const e of events) await dispatcher.enqueue(e)
    await dispatcher.flush()
    expect(await store.count()).toBe(0)
    expect(transport.delivered().map((m) => m.id)).toEqual(ids(events))
    expect(transport.sends.length).toBeGreaterThan(17)
  })

  it('two senders sharing a queue and a lock never send an event at the same time', async () => {
    const store = createMemoryStore()
    const lock = createMemoryLock()
    const inFlight = new Set<string>()
    const respond = async (events: readonly StoredEvent[]) => {
      for (const e of events) {
        if (inFlight.has(e.id)) throw new Error(`${e.id} sent twice at once`)
        inFlight.add(e.id)
      }
      await new Promise((r) => setTimeout(r, 2))
      for (const e of events) inFlight.delete(e.id)
      return { status: 200 }
    }
    const a = setup(respond, { store, lock, flushInterval: 5 })
    const b = setup(respond, { store, lock, flushInterval: 5 })
    const events = Array.from({ length: 30 }, () => testEvent(40, Date.now()))
    for (const [i, e] of events.entries()) await (i % 2 ? a : b).dispatcher.enqueue(e)
    await Promise.all([a.dispatcher.flush(), b.dispatcher.flush()])
    // A flush that found the lock taken leaves its events to the next interval: wait for those.
    await waitFor(async () => (await store.count()) === 0, { what: 'the queue emptied' })
    const delivered = [...a.transport.delivered(), ...b.transport.delivered()].map((m) => m.id)
    expect(delivered.sort()).toEqual(ids(events).sort())
    expect(a.log.error).toEqual([])
    expect(b.log.error).toEqual([])
  })
})
