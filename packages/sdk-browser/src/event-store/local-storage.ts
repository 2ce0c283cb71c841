import type { EventStore, EventStoreOptions, StoredEvent } from '@clickstream/sdk-core'
import { createArrayStore } from './array-store.js'

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
  const key = options.key ?? 'clickstream_queue'
  const storage = options.storage ?? localStorage
  const read = (): StoredEvent[] => JSON.parse(storage.getItem(key) ?? '[]')
  read() // fail now, not later, when storage is blocked
  return createArrayStore(
    {
      read: async () => read(),
      update: async (change) => storage.setItem(key, JSON.stringify(change(read()))),
    },
    options,
  )
}
