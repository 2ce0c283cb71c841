import {
  type EventStore,
  type EventStoreOptions,
  planAdd,
  resolveEventStoreOptions,
  type StoredEvent,
} from '@clickstream/sdk-core'
import { createStore, promisifyRequest } from 'idb-keyval'

export interface IndexedDbStoreOptions extends EventStoreOptions {
  /** @default 'clickstream' */
  dbName?: string
}

const pad = (n: number, width: number) => n.toString(36).padStart(width, '0')

/** `<time:9><seq:4>|<bytes>|<id>` → the id (ids may contain `|`; the time and seq never do). */
const idOf = (key: string) => key.slice(key.indexOf('|', 14) + 1)

/**
 * The browser's persistent queue, shared by every tab of the site. Keys sort in queue order and
 * carry each event's size, so bounds are checked from the keys alone, and every operation is one
 * IndexedDB transaction (atomic across tabs).
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): EventStore {
  const bounds = resolveEventStoreOptions(options)
  const db = createStore(options.dbName ?? 'clickstream', 'queue')
  let seq = 0
  const keysOf = (store: IDBObjectStore) =>
    promisifyRequest(store.getAllKeys()) as Promise<string[]>
  const done = (store: IDBObjectStore) =>
    promisifyRequest(store.transaction as unknown as IDBRequest)

  return {
    add: (event) =>
      db('readwrite', (store) =>
        keysOf(store).then((keys) => {
          let total = 0
          const queued = keys.map((key) => {
            const bytes = Number(key.slice(14, key.indexOf('|', 14)))
            total += bytes
            return { key, bytes }
          })
          const evict = planAdd(queued, total, event.bytes, bounds)
          if (evict < 0) return { dropped: [event] }
          const old = evict ? promisifyRequest(store.getAll(null, evict)) : []
          for (const q of queued.slice(0, evict)) store.delete(q.key)
          store.put(
            event,
            `${pad(event.enqueuedAt, 9)}${pad(seq++ % 1679616, 4)}|${event.bytes}|${event.id}`,
          )
          return Promise.all([old, done(store)]).then(([dropped]) => ({
            dropped: dropped as StoredEvent[],
          }))
        }),
      ),
    peek: async (limit) =>
      limit > 0 ? db('readonly', (store) => promisifyRequest(store.getAll(null, limit))) : [],
    remove: async (ids) => {
      if (ids.length === 0) return
      const gone = new Set(ids)
      await db('readwrite', (store) =>
        keysOf(store).then((keys) => {
          for (const key of keys) if (gone.has(idOf(key))) store.delete(key)
          return done(store)
        }),
      )
    },
    count: () => db('readonly', (store) => promisifyRequest(store.count())),
  }
}
