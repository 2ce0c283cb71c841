import { consentIssue } from '@clickstream/schema/lite'
import {
  buildMessage,
  createAttemptLimit,
  createDispatcher,
  createEmitter,
  createMemoryLock,
  createMemoryStore,
  type MessageInput,
  type StoredEvent,
} from '@clickstream/sdk-core'
import { ClosedError, DeliveryError, ValidationError } from './errors.js'
import {
  type AnalyticsEvents,
  type AnalyticsStats,
  type DropKind,
  emptyDropCounts,
} from './events.js'
import { type AnalyticsOptions, resolveAnalyticsOptions } from './options.js'
import type {
  AliasParams,
  Callback,
  GroupParams,
  IdentifyParams,
  PageParams,
  ScreenParams,
  TrackParams,
} from './params.js'
import { QUEUE_FULL_WARNING, queueFullWarning } from './queue-full-warning.js'
import { createQueueRoom } from './queue-room.js'
import type { Runtime } from './runtime.js'
import { createHttpTransport } from './transport/http.js'
import { LIBRARY } from './version.js'

export interface CloseResult {
  /** Whether everything queued was delivered (or dropped with a reason) before the timeout. */
  flushed: boolean
  /** Events still queued at the timeout: reported through `drop` (kind `closed`). */
  pending: number
}

/** The SDK's API. Every call returns the event's `messageId` and throws `ValidationError` on bad input. */
export interface AnalyticsClient {
  track(params: TrackParams, callback?: Callback): string
  identify(params: IdentifyParams, callback?: Callback): string
  page(params: PageParams, callback?: Callback): string
  screen(params: ScreenParams, callback?: Callback): string
  group(params: GroupParams, callback?: Callback): string
  alias(params: AliasParams, callback?: Callback): string
  /**
   * Backpressure for batch jobs: resolves at once while the queue has room for another event,
   * otherwise once it has drained to half its bounds. `await` it before each call and no burst
   * overflows the queue. Rejects with a `ClosedError` once `closeAndFlush` was called.
   */
  waitForRoom(): Promise<void>
  /** Sends everything queued now; settles when all of it is delivered or finally failed. Never rejects. */
  flush(): Promise<void>
  /** Refuses new calls, flushes, and gives up after `timeout` ms (default `closeTimeout`). Never rejects. */
  closeAndFlush(options?: { timeout?: number }): Promise<CloseResult>
  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof AnalyticsEvents>(
    type: K,
    listener: (event: AnalyticsEvents[K]) => void,
  ): () => void
  stats(): AnalyticsStats
}

/**
 * The Node/edge SDK on the shared core: builds and checks messages with `buildMessage`, queues them
 * in a bounded store and delivers them with the core dispatcher over an HTTP transport.
 * `runtime` is what the entry brings: gzip, the HTTP client, the queue's default size, warnings.
 */
export function createClient(options: AnalyticsOptions, runtime: Runtime): AnalyticsClient {
  const o = resolveAnalyticsOptions(options, runtime)
  const createTransport = options.fetch
    ? createHttpTransport
    : (runtime.httpTransport ?? createHttpTransport)
  const http = o.transport
    ? undefined
    : createTransport({
        url: o.url,
        writeKey: o.writeKey,
        fetch: o.fetch,
        timeout: o.httpRequestTimeout,
        compressAbove: o.compressAbove,
        compress: o.compress,
      })
  const store =
    o.store ??
    createMemoryStore({
      maxEvents: o.maxQueueEvents,
      maxBytes: o.maxQueueBytes,
      overflow: o.overflow,
    })
  const dispatcher = createDispatcher({
    store,
    lock: createMemoryLock(),
    transport: o.transport ?? (http as NonNullable<typeof http>),
    batchSize: o.maxEventsInBatch,
    flushInterval: o.flushInterval,
    maxRequestBytes: o.maxRequestBytes,
    retryLimit: createAttemptLimit(o.maxRetries + 1),
    retryBaseDelay: o.retryBaseDelay,
    retryMaxDelay: o.retryMaxDelay,
    maxRetryAfter: o.maxRetryAfter,
    unrefTimers: o.unrefTimers,
    now: o.now,
    random: o.random,
  })
  const emitter = createEmitter<AnalyticsEvents>()
  const room = createQueueRoom({ maxBytes: o.maxQueueBytes, maxEvents: o.maxQueueEvents })
  let dropListeners = 0
  let warned = false
  const callbacks = new Map<string, Callback>()
  const stats = { delivered: 0, dropped: emptyDropCounts(), retries: 0 }
  const context = { library: LIBRARY }
  let closing: Promise<CloseResult> | undefined
  let finished = false

  const settle = (id: string, error?: Error) => {
    const callback = callbacks.get(id)
    if (!callback) return
    callbacks.delete(id)
    try {
      callback(error)
    } catch {
      // a host callback's bug must not stop delivery
    }
  }

  /** The first queue-full drop nobody listens to is a process warning, once per client. */
  const warnQueueFull = () => {
    if (warned || dropListeners > 0) return
    warned = true
    const bound =
      room.count > o.maxQueueEvents
        ? { option: 'maxQueueEvents' as const, value: o.maxQueueEvents }
        : { option: 'maxQueueBytes' as const, value: o.maxQueueBytes }
    runtime.warn(queueFullWarning(bound, o.overflow), QUEUE_FULL_WARNING)
  }

  const drop = (ids: readonly string[], kind: DropKind, reason: string) => {
    if (kind === 'queue-full') warnQueueFull()
    for (const messageId of ids) {
      stats.dropped[kind]++
      emitter.emit('drop', { messageId, kind, reason })
      const error = new DeliveryError(`event ${messageId} dropped: ${reason}`, {
        reason,
        messageId,
        count: 1,
        willRetry: false,
      })
      // A refused new event is the caller's backpressure, not a delivery failure.
      if (kind !== 'queue-full' && kind !== 'closed') emitter.emit('error', error)
      settle(messageId, error)
    }
  }

  dispatcher.on('delivered', ({ events }) => {
    if (finished) return
    room.remove(events)
    stats.delivered += events.length
    const messageIds = events.map((e) => e.id)
    emitter.emit('flush', { count: events.length, messageIds })
    for (const id of messageIds) settle(id)
  })
  dispatcher.on('dropped', ({ events, code, reason }) => {
    if (finished) return
    room.remove(events)
    drop(
      events.map((e) => e.id),
      code,
      reason,
    )
  })
  dispatcher.on('error', ({ reason, events, retryIn, error }) => {
    if (finished) return
    stats.retries++
    emitter.emit(
      'error',
      new DeliveryError(
        `sending ${events.length} event(s) failed (${reason}); retrying in ${retryIn} ms`,
        {
          reason,
          count: events.length,
          willRetry: true,
          retryIn,
          cause: error,
        },
      ),
    )
  })

  const call = (type: MessageInput['type'], params: object, callback?: Callback): string => {
    const input = { ...params, type } as MessageInput
    // As analytics-node: a page's category is also a property (Segment destinations read it there).
    const { properties } = input
    const objectOrNone =
      properties == null || (typeof properties === 'object' && !Array.isArray(properties))
    if (type === 'page' && input.category != null && objectOrNone) {
      input.properties = { ...(properties as object | undefined), category: input.category }
    }
    const consent = consentIssue((input.context as { consent?: unknown } | undefined)?.consent)
    if (consent) throw new ValidationError(`${type}: ${consent}`)
    const built = buildMessage(input, { context, now: o.now })
    if (!built.ok) throw new ValidationError(built.reason)
    const { event } = built
    if (callback) callbacks.set(event.id, callback)
    if (o.disable) settle(event.id)
    else if (closing) drop([event.id], 'closed', 'called after closeAndFlush')
    else {
      room.add(event.bytes)
      void dispatcher.enqueue(event)
    }
    return event.id
  }

  const close = async (timeout: number): Promise<CloseResult> => {
    room.close(new ClosedError('closeAndFlush was called: the client takes no more events'))
    let timer: ReturnType<typeof setTimeout> | undefined
    const flushed = await Promise.race([
      dispatcher.flush().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout)
        if (o.unrefTimers) (timer as { unref?: () => void }).unref?.()
      }),
    ])
    clearTimeout(timer)
    const left: StoredEvent[] = dispatcher.pending()
    dispatcher.close()
    finished = true
    http?.abortAll('closeAndFlush timed out')
    const reason = `not delivered within the closeAndFlush timeout (${timeout} ms)`
    drop(
      left.map((e) => e.id),
      'closed',
      reason,
    )
    return { flushed: flushed && left.length === 0, pending: left.length }
  }

  return {
    track: (params, callback) => call('track', params, callback),
    identify: (params, callback) => call('identify', params, callback),
    page: (params, callback) => call('page', params, callback),
    screen: (params, callback) => call('screen', params, callback),
    group: (params, callback) => call('group', params, callback),
    alias: (params, callback) => call('alias', params, callback),
    waitForRoom: () => room.wait(),
    flush: () => (o.disable || finished ? Promise.resolve() : dispatcher.flush()),
    closeAndFlush(closeOptions = {}) {
      closing ??= close(closeOptions.timeout ?? o.closeTimeout)
      return closing
    },
    on(type, listener) {
      const off = emitter.on(type, listener)
      if (type !== 'drop') return off
      dropListeners++
      let subscribed = true
      return () => {
        if (subscribed) dropListeners--
        subscribed = false
        off()
      }
    },
    stats: () => ({
      queued: dispatcher.pending().length,
      queuedBytes: room.bytes,
      delivered: stats.delivered,
      dropped: { ...stats.dropped },
      retries: stats.retries,
    }),
  }
}
