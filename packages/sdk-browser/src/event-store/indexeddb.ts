import type { EventStore, EventStoreOptions, StoredEvent } from '@clickstream/sdk-core'
import { createStore, promisifyRequest } from 'idb-keyval'
import { createArrayStore } from './array-store.js'

export interface IndexedDbStoreOptions extends EventStoreOptions {
  /** @default 'clickstream' */
  dbName?: string
}

const KEY = 'events'

/**
 * The browser's persistent queue, shared by every tab of the site: one IndexedDB value (in its own
 * database, `idb-keyval`'s `createStore`), changed by a get and a put in one readwrite transaction,
 * so it is atomic across tabs.
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions = {}): EventStore {
  const db = createStore(options.dbName ?? 'clickstream', 'queue')
  const read = (store: IDBObjectStore) =>
    promisifyRequest(store.get(KEY)).then((events: StoredEvent[] | undefined) => events ?? [])
  return createArrayStore(
    {
      read: () => db('readonly', read),
      // The put runs in the get's success microtask, while the transaction is still active.
      update: (change) =>
        db('readwrite', (store) =>
          read(store).then((events) => {
            store.put(change(events), KEY)
            return promisifyRequest(store.transaction as unknown as IDBRequest)
          }),
        ),
    },
    options,
  )
}
