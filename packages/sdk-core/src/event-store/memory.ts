import {
  type EventStore,
  type EventStoreOptions,
  planAdd,
  resolveEventStoreOptions,
  type StoredEvent,
} from './event-store.js'

/**
 * The in-process queue: the default for servers, and the browser's last fallback. Events live in
 * an array from `head` on; removing the oldest (what a delivered batch is) moves `head` instead of
 * copying the queue, so draining a queue of n events costs O(n), not O(n²).
 */
export function createMemoryStore(options?: EventStoreOptions): EventStore {
  const bounds = resolveEventStoreOptions(options)
  let events: StoredEvent[] = []
  let head = 0
  let bytes = 0
  const compact = () => {
    if (head === 0) return
    events = events.slice(head)
    head = 0
  }
  return {
    async add(event) {
      const fits = events.length - head < bounds.maxEvents && bytes + event.bytes <= bounds.maxBytes
      if (!fits) compact() // planAdd indexes the oldest events from 0
      const evict = fits ? 0 : planAdd(events, bytes, event.bytes, bounds)
      if (evict < 0) return { dropped: [event] }
      const dropped = events.splice(0, evict)
      for (const e of dropped) bytes -= e.bytes
      events.push(event)
      bytes += event.bytes
      return { dropped }
    },
    async peek(limit) {
      return events.slice(head, head + Math.max(0, limit))
    },
    async remove(ids) {
      if (ids.length === 0) return
      let prefix = 0
      while (prefix < ids.length && events[head + prefix]?.id === ids[prefix]) prefix++
      if (prefix === ids.length) {
        for (let i = head; i < head + prefix; i++) bytes -= (events[i] as StoredEvent).bytes
        events.fill(undefined as unknown as StoredEvent, head, head + prefix) // let them be collected
        head += prefix
        if (head > 1024 && head * 2 > events.length) compact()
        return
      }
      const gone = new Set(ids)
      const kept: StoredEvent[] = []
      for (let i = head; i < events.length; i++) {
        const e = events[i] as StoredEvent
        if (gone.has(e.id)) bytes -= e.bytes
        else kept.push(e)
      }
      events = kept
      head = 0
    },
    async count() {
      return events.length - head
    },
  }
}
