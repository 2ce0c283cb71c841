import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testEvent } from '../event-store/event-store.contract.js'
import type { EventStore } from '../event-store/event-store.js'
import { createMemoryStore } from '../event-store/memory.js'
import { createMemoryLock } from '../lock/memory.js'
import { createMemoryTransport } from '../transport/memory.js'
import { createDispatcher } from './dispatcher.js'

/** A store whose reads and writes take `ms` (IndexedDB opening on a page load). */
function slowStore(ms: number): EventStore {
  const inner = createMemoryStore()
  const later = <T>(value: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => setTimeout(() => value().then(resolve, reject), ms))
  return {
    ...inner,
    add: (e) => later(() => inner.add(e)),
    peek: (n) => later(() => inner.peek(n)),
    remove: (ids) => later(() => inner.remove(ids)),
    count: () => later(() => inner.count()),
  }
}

describe('dispatcher: an event enqueued while the start-up flush is reading the queue', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-11-22T06:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  it.each([10, 500, 1500])(
    'is sent within two flush intervals (store latency %i ms)',
    async (latency) => {
      const store = slowStore(latency)
      const transport = createMemoryTransport()
      const dispatcher = createDispatcher({
        store,
        transport,
        lock: createMemoryLock(),
        batchSize: 20,
        flushInterval: 1000,
      })
      void dispatcher.flush() // what the browser SDK does on every page load
      const event = testEvent(40, Date.now())
      void dispatcher.enqueue(event) // the page's first call, replayed from the snippet
      await vi.advanceTimersByTimeAsync(2000 + 4 * latency)
      expect(transport.sends.flatMap((s) => s.events.map((e) => e.id))).toEqual([event.id])
    },
  )
})
