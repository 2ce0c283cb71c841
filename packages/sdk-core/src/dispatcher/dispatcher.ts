import { computeBackoff } from '@clickstream/retry'
import { takeBatch } from '../batch/take-batch.js'
import { createEmitter, type Emitter } from '../emitter.js'
import { errorText } from '../error-text.js'
import type { DropCode } from '../errors.js'
import type { StoredEvent } from '../event-store/event-store.js'
import { classifyResponse } from '../retry/classify-response.js'
import type { TransportResult } from '../transport/transport.js'
import { type DispatcherOptions, MAX_DELAY, resolveDispatcherOptions } from './options.js'

export interface DispatcherEvents {
  /** A batch got a 2xx: its events are gone from the queue. */
  delivered: { events: StoredEvent[] }
  /**
   * Events that will never be sent: `code` says why, for programs (`queue-full`, `rejected`: a
   * 4xx, `expired`: older than `maxAge`, `retries-exhausted`: `retryLimit` spent, `queue-failed`,
   * `cleared`: by `clear`);
   * `reason` says it in words, for logs, and may be reworded.
   */
  dropped: { events: StoredEvent[]; code: DropCode; reason: string }
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
  /**
   * Removes every queued event without sending it (a browser's opt-out or reset): they are
   * `dropped` with code `cleared`, and `flush` calls waiting on them settle. A batch already in
   * flight may still arrive.
   */
  clear(): Promise<void>
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
  /** The events still to wait for; set at the first look at the queue when none were known. */
  ids?: Set<string>
  /** Settles the flush call. */
  settled: () => void
}

/** What one pass did: `false` when the queue was empty, else `true` (sent, dropped or failed). */
type Step = boolean

/**
 * The delivery loop: pulls batches from the `store`, sends them through the `transport`, removes
 * events only after a 2xx, drops on 4xx (but 408/429) and when too old, retries everything else
 * with exponential backoff and full jitter, honouring `Retry-After`. One batch in flight at a time,
 * under `lock`, so senders sharing a queue never send the same event at once.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const o = resolveDispatcherOptions(options)
  const { store, transport, now, batchSize, flushInterval } = o
  const emitter = createEmitter<DispatcherEvents>()
  const known = new Map<string, StoredEvent>()
  let waiters: Waiter[] = []
  let failures = 0
  let retryAt = 0
  /** Send everything queued, full batches or not (a flush, going back online). */
  let urgent = false
  /** An interval ran out: send one batch of what is queued, then wait for full batches again. */
  let due = false
  let paused = false
  let closed = false
  let again = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let running: Promise<void> | undefined

  const forget = (events: readonly StoredEvent[]) => {
    for (const e of events) {
      known.delete(e.id)
      for (const w of waiters) w.ids?.delete(e.id)
    }
    o.retryLimit?.forget(events)
  }

  /**
   * Resolves the flush calls whose events are all gone (or all of them). `forget` takes each id
   * out of every waiter's set, so settling costs O(1) per waiter, not O(n) per batch.
   */
  const settle = (all?: boolean) => {
    waiters = waiters.filter((w) => {
      const done = all || w.ids?.size === 0
      if (done) w.settled()
      return !done
    })
  }

  const schedule = (delay: number) => {
    const at = now() + delay
    if (closed || timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(
      () => {
        timerAt = Infinity
        due = true
        drain()
      },
      Math.min(delay, MAX_DELAY),
    )
    if (o.unrefTimers) (timer as { unref?: () => void }).unref?.()
  }

  /** Events that left the queue: delivered, or dropped with a `code` and a `reason`. */
  const gone = (events: StoredEvent[], code?: DropCode, reason?: string) => {
    forget(events)
    emitter.emit(code ? 'dropped' : 'delivered', {
      events,
      code,
      reason,
    } as DispatcherEvents['dropped'])
    settle()
  }

  const finish = async (events: StoredEvent[], code?: DropCode, reason?: string) => {
    await store.remove(events.map((e) => e.id))
    gone(events, code, reason)
  }

  const retryLater = (reason: string, events: StoredEvent[], error: unknown, after?: number) => {
    const retryIn = Math.min(
      after ??
        computeBackoff(failures++, { baseMs: o.retryBaseDelay, maxMs: o.retryMaxDelay }, o.random),
      o.maxRetryAfter,
    )
    retryAt = now() + retryIn
    emitter.emit('error', { reason, events, retryIn, error })
  }

  const pass = async (): Promise<Step> => {
    const events = await store.peek(batchSize)
    const present = new Set<string>()
    for (const e of events) present.add(e.id) && known.set(e.id, known.get(e.id) ?? e)
    // With the whole queue in view, forget what other senders delivered.
    if (events.length < batchSize) forget([...known.values()].filter((e) => !present.has(e.id)))
    for (const w of waiters) w.ids ??= new Set(known.keys())
    settle()
    if (!events.length) return false

    const t = now()
    const expired = events.filter((e) => t - e.enqueuedAt > o.maxAge)
    if (expired.length) {
      await finish(expired, 'expired', `older than maxAge (${o.maxAge} ms)`)
      return true
    }
    const batch = takeBatch(events, batchSize, o.maxRequestBytes)
    due = false
    const result = await transport
      .send(batch)
      .catch((error): TransportResult => ({ status: 0, error }))
    const outcome = classifyResponse(result, now())
    if (outcome.type !== 'retry') {
      failures = 0
      await finish(batch, outcome.code, outcome.reason) // both undefined when delivered
      return true
    }
    const spent = o.retryLimit?.spent(batch, outcome.reason)
    if (spent) await finish(spent.events, spent.code, spent.reason)
    retryLater(outcome.reason, batch, result.error, outcome.retryAfter)
    return true
  }

  const loop = async (): Promise<void> => {
    while (!closed && !paused) {
      const wait = retryAt - now()
      if (wait > 0) return schedule(wait)
      // Without a flush or an elapsed interval, send only full batches: an interval sends one
      // partial batch, not a stream of them while events keep trickling in.
      if (!urgent && !due && known.size < batchSize) return schedule(flushInterval)
      let step: Step | undefined
      try {
        step = await o.lock(pass)
      } catch (error) {
        retryLater(`queue failed: ${errorText(error)}`, [], error)
        continue
      }
      if (step === undefined) return schedule(flushInterval) // another sender holds the lock
      if (!step) {
        urgent = due = false
        break
      }
    }
    settle(true)
  }

  const drain = (): Promise<void> => {
    again = true
    running ??= (async () => {
      while (again && !closed && !paused) {
        again = false
        await loop()
      }
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
        gone([event], 'queue-failed', `queue failed: ${errorText(error)}`)
        return false
      }
      const accepted = !dropped.includes(event)
      if (accepted) known.set(event.id, event)
      if (dropped.length) gone(dropped, 'queue-full', 'queue full')
      if (known.size >= batchSize) drain()
      else schedule(flushInterval)
      return accepted
    },
    flush: () =>
      closed || paused
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push({ ids: known.size ? new Set(known.keys()) : undefined, settled: resolve })
            urgent = true
            drain()
          }),
    sendUnloading(maxBytes) {
      let rest = [...known.values()]
      while (rest.length) {
        const chunk = takeBatch(rest, batchSize, maxBytes)
        rest = rest.slice(chunk.length)
        transport.send(chunk, { unloading: true }).catch(() => {})
      }
    },
    clear: async () => finish(await store.peek(Infinity), 'cleared', 'cleared'),
    pause() {
      paused = true
      settle(true)
    },
    resume() {
      paused = false
      failures = retryAt = 0
      urgent = true
      drain()
    },
    pending: () => [...known.values()],
    on: emitter.on,
    close() {
      closed = true
      clearTimeout(timer)
      settle(true)
    },
  }
}
