import {
  type EventStore,
  type EventStoreOptions,
  planAdd,
  resolveEventStoreOptions,
  type StoredEvent,
} from './event-store.js'

/** The in-process queue: the default for servers, and the browser's last fallback. */
export function createMemoryStore(options?: EventStoreOptions): EventStore {
  const bounds = resolveEventStoreOptions(options)
  let events: StoredEvent[] = []
  let bytes = 0
  return {
    async add(event) {
      const evict = planAdd(events, bytes, event.bytes, bounds)
      if (evict < 0) return { dropped: [event] }
      const dropped = events.splice(0, evict)
      for (const e of dropped) bytes -= e.bytes
      events.push(event)
      bytes += event.bytes
      return { dropped }
    },
    async peek(limit) {
      return events.slice(0, Math.max(0, limit))
    },
    async remove(ids) {
      if (ids.length === 0) return
      const gone = new Set(ids)
      const kept: StoredEvent[] = []
      for (const e of events) {
        if (gone.has(e.id)) bytes -= e.bytes
        else kept.push(e)
      }
      events = kept
    },
    async count() {
      return events.length
    },
  }
}
