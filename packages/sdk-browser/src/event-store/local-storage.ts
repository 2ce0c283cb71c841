import {
  type EventStore,
  type EventStoreOptions,
  planAdd,
  resolveEventStoreOptions,
  type StoredEvent,
} from '@clickstream/sdk-core'

export interface LocalStorageStoreOptions extends EventStoreOptions {
  /** @default 'clickstream_queue' */
  key?: string
  /** A Storage-like object. @default localStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'>
}

/** A Storage-like object in memory: the browser's last fallback, through the same store code. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const map = new Map<string, string>()
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) && undefined }
}

/**
 * The fallback queue when IndexedDB is missing or broken: one localStorage entry holding the events.
 * Throws when localStorage does (blocked, over quota), so the fallback store moves to memory
 * (this same store over {@link memoryStorage}).
 */
export function createLocalStorageStore(options: LocalStorageStoreOptions = {}): EventStore {
  const bounds = resolveEventStoreOptions(options)
  const key = options.key ?? 'clickstream_queue'
  const storage = options.storage ?? localStorage
  const read = (): StoredEvent[] => JSON.parse(storage.getItem(key) ?? '[]')
  const write = (events: StoredEvent[]) => storage.setItem(key, JSON.stringify(events))
  read() // fail now, not later, when storage is blocked

  return {
    async add(event) {
      const events = read()
      let total = 0
      for (const e of events) total += e.bytes
      const evict = planAdd(events, total, event.bytes, bounds)
      if (evict < 0) return { dropped: [event] }
      const dropped = events.splice(0, evict)
      events.push(event)
      write(events)
      return { dropped }
    },
    peek: async (limit) => read().slice(0, Math.max(0, limit)),
    async remove(ids) {
      const gone = new Set(ids)
      const events = read()
      const kept = events.filter((e) => !gone.has(e.id))
      if (kept.length !== events.length) write(kept)
    },
    count: async () => read().length,
  }
}
