import { describe, expect, it } from 'vitest'
import type { EventStore, EventStoreOptions, StoredEvent } from './event-store.js'

export interface EventStoreContractOptions {
  /**
   * Opens a store over fresh, empty storage. When `reopen` is set, it opens a second store over the
   * storage of the last one opened, to check persistence and sharing between tabs.
   */
  create: (options?: EventStoreOptions) => EventStore | Promise<EventStore>
  reopen?: (options?: EventStoreOptions) => EventStore | Promise<EventStore>
}

let seq = 0
/** A test event of `bytes` bytes (at least 20). */
export function testEvent(bytes = 40, enqueuedAt = 1_700_000_000_000 + seq): StoredEvent {
  const id = `e${++seq}`
  const head = `{"id":"${id}","p":"`
  const pad = Math.max(0, bytes - head.length - 2)
  const json = `${head}${'x'.repeat(pad)}"}`
  return { id, json, bytes: json.length, enqueuedAt }
}

/** The behaviour every `EventStore` adapter must have. Call inside a test file. */
export function eventStoreContract(name: string, adapter: EventStoreContractOptions): void {
  const ids = (events: StoredEvent[]) => events.map((e) => e.id)

  describe(`EventStore contract: ${name}`, () => {
    it('starts empty', async () => {
      const store = await adapter.create()
      expect(await store.count()).toBe(0)
      expect(await store.peek(10)).toEqual([])
    })

    it('keeps events in order and returns them unchanged', async () => {
      const store = await adapter.create()
      const events = [testEvent(), testEvent(100), testEvent(30)]
      for (const e of events) expect(await store.add(e)).toEqual({ dropped: [] })
      expect(await store.count()).toBe(3)
      expect(await store.peek(10)).toEqual(events)
      expect(await store.peek(Number.POSITIVE_INFINITY)).toEqual(events)
      expect(ids(await store.peek(2))).toEqual(ids(events.slice(0, 2)))
      expect(await store.peek(0)).toEqual([])
    })

    it('removes only the given ids and ignores unknown ones', async () => {
      const store = await adapter.create()
      const [a, b, c] = [testEvent(), testEvent(), testEvent()]
      for (const e of [a, b, c]) await store.add(e)
      await store.remove([b.id, 'nope'])
      expect(ids(await store.peek(10))).toEqual([a.id, c.id])
      await store.remove([])
      await store.remove([a.id, c.id])
      expect(await store.count()).toBe(0)
    })

    it('evicts the oldest events when the event bound is reached', async () => {
      const store = await adapter.create({ maxEvents: 3 })
      const events = Array.from({ length: 5 }, () => testEvent())
      const dropped: StoredEvent[] = []
      for (const e of events) dropped.push(...(await store.add(e)).dropped)
      expect(ids(dropped)).toEqual(ids(events.slice(0, 2)))
      expect(ids(await store.peek(10))).toEqual(ids(events.slice(2)))
    })

    it('evicts the oldest events when the byte bound is reached', async () => {
      const store = await adapter.create({ maxBytes: 250 })
      const [a, b, c] = [testEvent(100), testEvent(100), testEvent(120)]
      await store.add(a)
      await store.add(b)
      expect(ids((await store.add(c)).dropped)).toEqual([a.id])
      expect(ids(await store.peek(10))).toEqual([b.id, c.id])
    })

    it('rejects an event larger than the byte bound, keeping the queue', async () => {
      const store = await adapter.create({ maxBytes: 100 })
      const small = testEvent(50)
      const big = testEvent(150)
      await store.add(small)
      expect(ids((await store.add(big)).dropped)).toEqual([big.id])
      expect(ids(await store.peek(10))).toEqual([small.id])
    })

    it('rejects the new event when full under the reject-new policy', async () => {
      const store = await adapter.create({ maxEvents: 2, overflow: 'reject-new' })
      const [a, b, c] = [testEvent(), testEvent(), testEvent()]
      await store.add(a)
      await store.add(b)
      expect(ids((await store.add(c)).dropped)).toEqual([c.id])
      expect(ids(await store.peek(10))).toEqual([a.id, b.id])
    })

    if (adapter.reopen) {
      const reopen = adapter.reopen
      it('shares its events with another instance over the same storage', async () => {
        const first = await adapter.create()
        const a = testEvent()
        await first.add(a)
        const second = await reopen()
        expect(await second.peek(10)).toEqual([a])
        const b = testEvent()
        await second.add(b)
        await first.remove([a.id])
        expect(ids(await second.peek(10))).toEqual([b.id])
      })
    }
  })
}
