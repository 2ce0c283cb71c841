import {
  createDispatcher,
  createFallbackStore,
  type Dispatcher,
  type EventStore,
  type Transport,
} from '@clickstream/sdk-core'
import { createIndexedDbStore } from './event-store/indexeddb.js'
import { createLocalStorageStore, memoryStorage } from './event-store/local-storage.js'
import { createLeaseLock } from './lock/lease.js'
import { createWebLock } from './lock/web-locks.js'
import type { ResolvedAnalyticsOptions } from './options.js'
import { createBeaconTransport } from './transport/beacon.js'
import { createFetchTransport, KEEPALIVE_BYTES } from './transport/fetch.js'

const LOCK = 'clickstream_sender'

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
  const start = o.storage === 'memory' ? 2 : o.storage === 'localstorage' ? 1 : 0
  return createFallbackStore(candidates.slice(start), (error, index) =>
    log(
      `queue storage failed (${error}); falling back to ${index + start > 1 ? 'memory' : 'localStorage'}`,
    ),
  )
}

/**
 * The delivery loop wired to the page: fetch transport (sendBeacon when unloading), the shared
 * queue under a cross-tab lock, pause while offline, flush when hidden, beacon on pagehide.
 * Returns the dispatcher, a promise of an open queue and a function that detaches the listeners.
 */
export function startDelivery(
  o: ResolvedAnalyticsOptions,
  log: (message: string) => void,
): { dispatcher: Dispatcher; ready: Promise<void>; stop: () => void } {
  const url = `${o.host}/v1/batch`
  const normal = o.transport ?? createFetchTransport({ url, writeKey: o.writeKey, fetch: o.fetch })
  const unloading = o.transport ?? createBeaconTransport({ url, writeKey: o.writeKey })
  const transport: Transport = {
    send: (events, options) => (options?.unloading ? unloading : normal).send(events, options),
  }
  const store = o.store ?? createBrowserStore(o, log)
  const dispatcher = createDispatcher({
    ...o,
    store,
    transport,
    lock: createWebLock(LOCK) ?? createLeaseLock(LOCK),
  })
  dispatcher.on('dropped', ({ events, reason }) =>
    log(`dropped ${events.length} event(s): ${reason}`),
  )
  const listeners: [EventTarget, string, () => void][] = [
    [window, 'online', () => dispatcher.resume()],
    [window, 'offline', () => dispatcher.pause()],
    [window, 'pagehide', () => dispatcher.sendUnloading(KEEPALIVE_BYTES)],
    [
      document,
      'visibilitychange',
      () => document.visibilityState === 'hidden' && void dispatcher.flush(),
    ],
  ]
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener)
  if (navigator.onLine === false) dispatcher.pause()
  else void dispatcher.flush() // resume what earlier page loads left queued

  return {
    dispatcher,
    ready: store.count().then(
      () => {},
      () => {},
    ),
    stop() {
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener)
      dispatcher.close()
    },
  }
}
