import type { EventStore, EventStoreOptions } from '@clickstream/sdk-core'
import { createStore, get, update } from 'idb-keyval'
import { createArrayStore } from './array-store.js'

export interface IndexedDbStoreOptions extends EventStoreOptions {
  /** @default 'clickstream' */
  dbName?: string
}

/**
 * The browser's persistent queue, shared by every tab of the site: one IndexedDB value, changed in
 * one readwrite transaction per operation (`idb-keyval`'s `update`), so it is atomic across tabs.
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): EventStore {
  const db = createStore(options.dbName ?? 'clickstream', 'queue')
  return createArrayStore(
    {
      read: async () => (await get('events', db)) ?? [],
      update: (change) => update('events', (events) => change(events ?? []), db),
    },
    options,
  )
}
