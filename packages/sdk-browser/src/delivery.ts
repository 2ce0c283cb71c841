import {
  createDispatcher,
  createFallbackStore,
  type Dispatcher,
  type EventStore,
} from '@clickstream/sdk-core'
import { createIndexedDbStore } from './event-store/indexeddb.js'
import { createLocalStorageStore, memoryStorage } from './event-store/local-storage.js'
import { createWebLock } from './lock/web-locks.js'
import type { ResolvedAnalyticsOptions } from './options.js'
import { createFetchTransport, KEEPALIVE_BYTES } from './transport/fetch.js'

const LOCK = 'clickstream_sender'
const STORAGES = ['indexeddb', 'localstorage', 'memory']

/** The queue for `storage`: IndexedDB → localStorage → memory, each falling back to the next. */
export function createBrowserStore(
  o: ResolvedAnalyticsOptions,
  log: (message: string) => void,
): EventStore {
  const bounds = { maxEvents: o.maxQueueEvents, maxBytes: o.maxQueueBytes }
  const candidates = [
    () => createIndexedDbStore(bounds),
    () => createLocalStorageStore(bounds),
    () => createLocalStorageStore({ ...bounds, storage: memoryStorage() }),
  ]
  const start = Math.max(0, STORAGES.indexOf(o.storage as string)) // absent or unknown: IndexedDB first
  return createFallbackStore(candidates.slice(start), (error, index) =>
    log(`queue storage failed (${error}); falling back to ${STORAGES[index + start]}`),
  )
}

/**
 * The delivery loop wired to the page: fetch transport (sendBeacon when unloading), the shared
 * queue under a cross-tab lock, pause while offline, flush when hidden, beacon on pagehide.
 * Paused from the start when `off` (opted out) or offline.
 * Returns the dispatcher, a promise of an open queue and a function that detaches the listeners.
 */
export function startDelivery(
  o: ResolvedAnalyticsOptions,
  log: (message: string) => void,
  off?: unknown,
): { dispatcher: Dispatcher; ready: Promise<unknown>; stop: () => void } {
  const transport =
    o.transport ??
    createFetchTransport({ url: `${o.host}/v1/batch`, writeKey: o.writeKey, fetch: o.fetch })
  const store = o.store ?? createBrowserStore(o, log)
  const dispatcher = createDispatcher({
    ...o,
    store,
    transport,
    // Without Web Locks (browsers before 2022), each tab sends on its own: two tabs may send the
    // same event, which the collector and the sessionizer dedupe by messageId.
    lock: createWebLock(LOCK) ?? ((task) => task()),
  })
  dispatcher.on('dropped', ({ events, reason }) =>
    log(`dropped ${events.length} event(s): ${reason}`),
  )
  const detach = new AbortController()
  const listen = (target: EventTarget, type: string, listener: () => void) =>
    target.addEventListener(type, listener, { signal: detach.signal })
  listen(window, 'online', () => dispatcher.resume())
  listen(window, 'offline', () => dispatcher.pause())
  listen(window, 'pagehide', () => dispatcher.sendUnloading(KEEPALIVE_BYTES))
  listen(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') void dispatcher.flush()
  })
  if (off || navigator.onLine === false)
    dispatcher.pause() // `off`: opted out, sends nothing
  else void dispatcher.flush() // resume what earlier page loads left queued

  return {
    dispatcher,
    ready: store.count().catch(() => {}),
    stop() {
      detach.abort()
      dispatcher.close()
    },
  }
}
