import { splitBatches, takeBatch } from '../batch/take-batch.js'
import { createEmitter, type Emitter } from '../emitter.js'
import type { StoredEvent } from '../event-store/event-store.js'
import { classifyResponse } from '../retry/classify-response.js'
import { computeBackoff } from '../retry/compute-backoff.js'
import type { TransportResult } from '../transport/transport.js'
import { type DispatcherOptions, resolveDispatcherOptions } from './options.js'

export interface DispatcherEvents {
  /** A batch got a 2xx: its events are gone from the queue. */
  delivered: { events: StoredEvent[] }
  /** Events that will never be sent, and why (queue full, 4xx, too old, attempts spent). */
  dropped: { events: StoredEvent[]; reason: string }
  /** A send failed and will be retried in `retryIn` ms; or the queue itself failed (`events` empty). */
  error: { reason: string; events: StoredEvent[]; retryIn: number; error?: unknown }
}

export interface Dispatcher {
  /** Queues one built event; `false` when the queue refused it (a `dropped` event says why). */
  enqueue(event: StoredEvent): Promise<boolean>
  /**
   * Sends everything queued now, without waiting for batches to fill. Settles when every event
   * known at the call is delivered or dropped, or when the dispatcher is paused or closed.
   * Retries (with their backoff) happen before it settles. Never rejects.
   */
  flush(): Promise<void>
  /**
   * Sends what this dispatcher knows is queued through `transport.send(…, { unloading: true })` in
   * chunks of at most `maxBytes`, without waiting and without removing anything: for a page that
   * is going away. The events stay queued until a later 2xx.
   */
  sendUnloading(maxBytes: number): void
  /** Stops sending (offline) until `resume`. */
  pause(): void
  /** Resumes at once, forgetting any backoff. */
  resume(): void
  /** Events this dispatcher knows are queued, oldest first. */
  pending(): StoredEvent[]
  on: Emitter<DispatcherEvents>['on']
  /** Stops timers and settles pending `flush` calls; queued events stay in the store. */
  close(): void
}

interface Waiter {
  ids?: Set<string>
  resolve: () => void
}

type Step = 'empty' | 'sent' | 'retry'

/**
 * The delivery loop: pulls batches from the `store`, sends them through the `transport`, removes
 * events only after a 2xx, drops on 4xx (but 408/429) and when too old, retries everything else
 * with exponential backoff and full jitter, honouring `Retry-After`. One batch in flight at a time,
 * under `lock`, so senders sharing a queue never send the same event at once.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const o = resolveDispatcherOptions(options)
  const { store, transport, now } = o
  const emitter = createEmitter<DispatcherEvents>()
  const known = new Map<string, StoredEvent>()
  const attempts = new Map<string, number>()
  let waiters: Waiter[] = []
  let failures = 0
  let retryAt = 0
  let urgent = false
  let paused = false
  let closed = false
  let again = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Number.POSITIVE_INFINITY
  let running: Promise<void> | undefined

  const forget = (events: readonly StoredEvent[]) => {
    for (const e of events) {
      known.delete(e.id)
      attempts.delete(e.id)
    }
  }

  /** Whether any of `ids` is still queued; forgets the ones that are not (amortised O(1) per id). */
  const anyKnown = (ids: Set<string>) => {
    for (const id of ids) {
      if (known.has(id)) return true
      ids.delete(id)
    }
    return false
  }

  const settle = (all: boolean) => {
    waiters = waiters.filter((w) => {
      const done = all || (w.ids !== undefined && !anyKnown(w.ids))
      if (done) w.resolve()
      return !done
    })
  }

  const schedule = (delay: number) => {
    const at = now() + delay
    if (closed || (timer !== undefined && timerAt <= at)) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Number.POSITIVE_INFINITY
      urgent = true
      void drain()
    }, delay)
    if (o.unrefTimers) (timer as { unref?: () => void }).unref?.()
  }

  const finish = async (events: StoredEvent[], dropReason?: string) => {
    await store.remove(events.map((e) => e.id))
    forget(events)
    if (dropReason === undefined) emitter.emit('delivered', { events })
    else emitter.emit('dropped', { events, reason: dropReason })
    settle(false)
  }

  const retryLater = (reason: string, events: StoredEvent[], error: unknown, after?: number) => {
    const retryIn = Math.min(
      after ??
        computeBackoff(failures, {
          baseDelay: o.retryBaseDelay,
          maxDelay: o.retryMaxDelay,
          random: o.random,
        }),
      o.maxRetryAfter,
    )
    failures++
    retryAt = now() + retryIn
    emitter.emit('error', { reason, events, retryIn, error })
  }

  const pass = async (): Promise<Step> => {
    const events = await store.peek(o.batchSize)
    for (const e of events) if (!known.has(e.id)) known.set(e.id, e)
    if (events.length < o.batchSize) {
      // The whole queue is in view: forget what other senders delivered.
      const present = new Set(events.map((e) => e.id))
      for (const id of known.keys()) if (!present.has(id)) forget([known.get(id) as StoredEvent])
    }
    for (const w of waiters) w.ids ??= new Set(known.keys())
    settle(false)
    if (events.length === 0) return 'empty'

    const t = now()
    const expired = events.filter((e) => t - e.enqueuedAt > o.maxAge)
    if (expired.length > 0) {
      await finish(expired, `older than maxAge (${o.maxAge} ms)`)
      return 'sent'
    }
    const batch = takeBatch(events, o.batchSize, o.maxRequestBytes)
    let result: TransportResult
    try {
      result = await transport.send(batch)
    } catch (error) {
      result = { status: 0, error }
    }
    const outcome = classifyResponse(result, now())
    if (outcome.type !== 'retry') {
      failures = 0
      await finish(batch, outcome.type === 'drop' ? outcome.reason : undefined)
      return 'sent'
    }
    const spent = batch.filter((e) => {
      const n = (attempts.get(e.id) ?? 0) + 1
      attempts.set(e.id, n)
      return n >= o.maxAttempts
    })
    if (spent.length > 0)
      await finish(spent, `gave up after ${o.maxAttempts} attempts: ${outcome.reason}`)
    retryLater(outcome.reason, batch, result.error, outcome.retryAfter)
    return 'retry'
  }

  const loop = async (): Promise<void> => {
    while (!closed && !paused) {
      const wait = retryAt - now()
      if (wait > 0) return schedule(wait)
      // Without a flush or an elapsed interval, send only full batches.
      if (!urgent && known.size < o.batchSize) return schedule(o.flushInterval)
      let step: Step | undefined
      try {
        step = await o.lock(pass)
      } catch (error) {
        retryLater(`queue failed: ${String((error as Error)?.message ?? error)}`, [], error)
        continue
      }
      if (step === undefined) return schedule(o.flushInterval) // another sender holds the lock
      if (step === 'empty') {
        urgent = false
        return settle(true)
      }
    }
    settle(true)
  }

  const drain = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await loop()
      } while (again && !closed && !paused)
    })().finally(() => {
      running = undefined
    })
    return running
  }

  return {
    async enqueue(event) {
      if (closed) return false
      let dropped: StoredEvent[]
      try {
        ;({ dropped } = await store.add(event))
      } catch (error) {
        const reason = `queue failed: ${String((error as Error)?.message ?? error)}`
        emitter.emit('dropped', { events: [event], reason })
        return false
      }
      const accepted = !dropped.includes(event)
      if (accepted) known.set(event.id, event)
      if (dropped.length > 0) {
        forget(dropped)
        emitter.emit('dropped', { events: dropped, reason: 'queue full' })
        settle(false)
      }
      if (known.size >= o.batchSize) void drain()
      else schedule(o.flushInterval)
      return accepted
    },
    flush() {
      if (closed || paused) return Promise.resolve()
      return new Promise<void>((resolve) => {
        waiters.push(known.size > 0 ? { ids: new Set(known.keys()), resolve } : { resolve })
        urgent = true
        void drain()
      })
    },
    sendUnloading(maxBytes) {
      for (const chunk of splitBatches([...known.values()], o.batchSize, maxBytes)) {
        transport.send(chunk, { unloading: true }).catch(() => {})
      }
    },
    pause() {
      paused = true
      settle(true)
    },
    resume() {
      if (closed) return
      paused = false
      failures = 0
      retryAt = 0
      urgent = true
      void drain()
    },
    pending: () => [...known.values()],
    on: emitter.on,
    close() {
      closed = true
      clearTimeout(timer)
      timer = undefined
      settle(true)
    },
  }
}
