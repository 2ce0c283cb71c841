import {
  type EventStore,
  type EventStoreOptions,
  planAdd,
  resolveEventStoreOptions,
  type StoredEvent,
} from '@clickstream/sdk-core'

/** How a browser store reads its queue, and replaces it atomically (one transaction). */
export interface QueueAccess {
  read(): Promise<StoredEvent[]>
  update(change: (events: StoredEvent[]) => StoredEvent[]): Promise<unknown>
}

/**
 * The browser stores' shared logic: the whole queue is one array value, changed by one atomic
 * read-modify-write per operation, so tabs sharing it never lose each other's changes. Browser
 * queues are small (bounded, and drained within seconds while online), so one value beats one
 * record per event in code size, which is what a script-tag SDK pays for.
 */
export function createArrayStore(access: QueueAccess, options?: EventStoreOptions): EventStore {
  const bounds = resolveEventStoreOptions(options)
  return {
    async add(event) {
      let dropped = [event]
      await access.update((events) => {
        let total = 0
        for (const e of events) total += e.bytes
        const evict = planAdd(events, total, event.bytes, bounds)
        if (evict < 0) return events
        dropped = events.splice(0, evict)
        events.push(event)
        return events
      })
      return { dropped }
    },
    peek: async (limit) => (await access.read()).slice(0, Math.max(0, limit)),
    remove: async (ids) => {
      if (ids.length > 0) await access.update((events) => events.filter((e) => !ids.includes(e.id)))
    },
    count: async () => (await access.read()).length,
  }
}
