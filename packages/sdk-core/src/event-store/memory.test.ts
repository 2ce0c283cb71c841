import { describe, expect, it } from 'vitest'
import { eventStoreContract, testEvent } from './event-store.contract.js'
import type { StoredEvent } from './event-store.js'
import { createMemoryStore } from './memory.js'

eventStoreContract('memory', { create: (options) => createMemoryStore(options) })

describe('memory store internals (head offset)', () => {
  it('matches a plain array model through thousands of mixed adds and removes', async () => {
    const bounds = { maxEvents: 200, maxBytes: 200 * 45 }
    for (const overflow of ['reject-new', 'drop-oldest'] as const) {
      const store = createMemoryStore({ ...bounds, overflow })
      let model: StoredEvent[] = []
      let seed = 7
      const rand = (n: number) => {
        seed ^= seed << 13
        seed ^= seed >>> 17
        seed ^= seed << 5
        return (seed >>> 0) % n
      }
      for (let step = 0; step < 400; step++) {
        for (let i = rand(40); i > 0; i--) {
          const e = testEvent(20 + rand(40))
          const { dropped } = await store.add(e)
          const size = (events: StoredEvent[]) => events.reduce((n, m) => n + m.bytes, 0)
          const fitted = model.length < bounds.maxEvents && size(model) + e.bytes <= bounds.maxBytes
          // Byte and count accounting stay exact: refuse or evict exactly when the model says so.
          expect(dropped.length === 0).toBe(fitted)
          if (!dropped.includes(e)) model.push(e)
          const gone = new Set(dropped.map((d) => d.id))
          model = model.filter((m) => !gone.has(m.id))
          expect(model.length).toBeLessThanOrEqual(bounds.maxEvents)
          expect(size(model)).toBeLessThanOrEqual(bounds.maxBytes)
        }
        const take = rand(30)
        // Mostly the oldest (a delivered batch), sometimes from the middle (another sender's).
        const removed =
          rand(4) === 0 ? model.filter((_, i) => i % 3 === 1).slice(0, take) : model.slice(0, take)
        await store.remove(removed.map((e) => e.id))
        const gone = new Set(removed.map((e) => e.id))
        model = model.filter((m) => !gone.has(m.id))
        expect(await store.count()).toBe(model.length)
      }
      expect(await store.peek(bounds.maxEvents)).toEqual(model)
    }
  })
})
