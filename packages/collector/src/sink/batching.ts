import { type BackoffOptions, computeBackoff, retryAfterSeconds } from '@clickstream/retry'
import { type PutResult, recordBytes, type Sink, type SinkRecord } from './sink.js'

/** What the stream said about one record of a call. */
export type RecordOutcome = { ok: true } | { ok: false; retryable: boolean; code: string }

/**
 * Sends one call's records (≤ `maxBatchRecords`, ≤ `maxBatchBytes`) and reports each one's outcome,
 * in order. Throwing means the whole call failed; `isRetryableError` decides what then.
 */
export type SendRecords = (records: readonly SinkRecord[]) => Promise<RecordOutcome[]>

export interface BatchingOptions {
  send: SendRecords
  isRetryableError: (error: unknown) => boolean
  ready: () => Promise<boolean>
  /** How long a record waits for others to share its call, in ms. @default 5 */
  lingerMs?: number
  /** @default 500 (PutRecords limit) */
  maxBatchRecords?: number
  /** @default 5 MiB (PutRecords limit) */
  maxBatchBytes?: number
  /** A put that is not fully written by then fails (503). @default 10000 */
  deadlineMs?: number
  /** Bytes accepted but not yet written; past it a put is refused at once. @default 64 MiB */
  maxInFlightBytes?: number
  /** @default { baseMs: 50, maxMs: 2000 } */
  backoff?: BackoffOptions
  /** @default Math.random */
  random?: () => number
}

export interface SinkStats {
  /** Records written. */
  written: number
  /** Calls made (PutRecords). */
  calls: number
  /** Record retries (after throttling, internal failure or a failed call). */
  retried: number
  /** Records given up on (deadline, non-retryable error). */
  failed: number
}

export interface BatchingSink extends Sink {
  stats(): SinkStats
}

interface Request {
  remaining: number
  done: boolean
  finish(result: PutResult): void
}
interface Entry {
  record: SinkRecord
  bytes: number
  attempt: number
  request: Request
  released: boolean
}

export type ResolvedBatchingOptions = Required<BatchingOptions>

export function resolveBatchingOptions(options: BatchingOptions): ResolvedBatchingOptions {
  const whole = (value: number | undefined, fallback: number, min = 1) =>
    value !== undefined && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback
  return {
    ...options,
    lingerMs: whole(options.lingerMs, 5, 0),
    maxBatchRecords: Math.min(500, whole(options.maxBatchRecords, 500)),
    maxBatchBytes: Math.min(5 * 1024 * 1024, whole(options.maxBatchBytes, 5 * 1024 * 1024)),
    deadlineMs: whole(options.deadlineMs, 10_000),
    maxInFlightBytes: whole(options.maxInFlightBytes, 64 * 1024 * 1024),
    backoff: options.backoff ?? { baseMs: 50, maxMs: 2000 },
    random: options.random ?? Math.random,
  }
}

/**
 * The core of the stream sinks: coalesces the records of concurrent puts into calls, retries only
 * the records that failed (backoff with full jitter) within each put's deadline, and resolves a
 * put only when all of its records are written. In-flight bytes are bounded.
 */
export function createBatchingSink(options: BatchingOptions): BatchingSink {
  const o = resolveBatchingOptions(options)
  const stats: SinkStats = { written: 0, calls: 0, retried: 0, failed: 0 }
  let queue: Entry[] = []
  let queuedBytes = 0
  let inFlightBytes = 0
  let linger: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const open = new Set<Promise<PutResult>>()

  const release = (entry: Entry) => {
    if (entry.released) return
    entry.released = true
    inFlightBytes -= entry.bytes
  }
  const failure = (
    reason: 'overloaded' | 'unavailable' | 'closed',
    failed: number,
    message: string,
  ) =>
    ({
      ok: false,
      reason,
      failed,
      message,
      retryAfterSeconds: retryAfterSeconds(o.backoff.maxMs),
    }) as const

  const abandon = (request: Request) => {
    const kept: Entry[] = []
    for (const entry of queue) {
      if (entry.request === request) {
        queuedBytes -= entry.bytes
        release(entry)
      } else kept.push(entry)
    }
    queue = kept
  }

  const schedule = () => {
    while (queue.length >= o.maxBatchRecords || queuedBytes >= o.maxBatchBytes) flush(true)
    if (closed) flush(false)
    else if (queue.length > 0 && linger === undefined) {
      linger = setTimeout(() => flush(false), o.lingerMs)
    }
  }

  /** Sends queued entries in calls within the limits; `onlyFull` sends just the full calls. */
  const flush = (onlyFull: boolean) => {
    if (!onlyFull && linger !== undefined) {
      clearTimeout(linger)
      linger = undefined
    }
    while (queue.length > 0) {
      let bytes = 0
      let count = 0
      while (count < queue.length && count < o.maxBatchRecords) {
        const next = (queue[count] as Entry).bytes
        if (count > 0 && bytes + next > o.maxBatchBytes) break
        bytes += next
        count++
      }
      const full = count === o.maxBatchRecords || count < queue.length || bytes >= o.maxBatchBytes
      if (onlyFull && !full) return
      const chunk = queue.splice(0, count)
      queuedBytes -= bytes
      void sendChunk(chunk)
      if (onlyFull) return
    }
  }

  const sendChunk = async (chunk: Entry[]) => {
    stats.calls++
    let outcomes: RecordOutcome[]
    try {
      outcomes = await o.send(chunk.map((entry) => entry.record))
    } catch (error) {
      const retryable = o.isRetryableError(error)
      const code = (error as { name?: string } | null)?.name ?? 'Error'
      outcomes = chunk.map(() => ({ ok: false, retryable, code }))
    }
    chunk.forEach((entry, i) => {
      settle(entry, outcomes[i])
    })
  }

  const settle = (entry: Entry, outcome: RecordOutcome | undefined) => {
    const { request } = entry
    if (request.done) {
      release(entry)
      return
    }
    if (outcome?.ok) {
      stats.written++
      release(entry)
      if (--request.remaining === 0) request.finish({ ok: true })
      return
    }
    if (outcome && !outcome.retryable) {
      release(entry)
      abandon(request)
      request.finish(
        failure('unavailable', request.remaining, `stream refused a record: ${outcome.code}`),
      )
      return
    }
    stats.retried++
    const wait = computeBackoff(entry.attempt++, o.backoff, o.random)
    setTimeout(() => {
      if (request.done) return release(entry)
      queue.push(entry)
      queuedBytes += entry.bytes
      schedule()
    }, wait)
  }

  return {
    put(records) {
      if (closed) return Promise.resolve(failure('closed', records.length, 'sink is closing'))
      if (records.length === 0) return Promise.resolve({ ok: true })
      const sizes = records.map(recordBytes)
      const total = sizes.reduce((a, b) => a + b, 0)
      if (inFlightBytes + total > o.maxInFlightBytes) {
        return Promise.resolve(
          failure('overloaded', records.length, `${inFlightBytes} bytes already in flight`),
        )
      }
      inFlightBytes += total
      const promise = new Promise<PutResult>((resolve) => {
        const request: Request = {
          remaining: records.length,
          done: false,
          finish(result) {
            if (request.done) return
            request.done = true
            clearTimeout(deadline)
            if (!result.ok) stats.failed += result.failed
            resolve(result)
          },
        }
        const deadline = setTimeout(() => {
          abandon(request)
          request.finish(
            failure('unavailable', request.remaining, `not written within ${o.deadlineMs} ms`),
          )
        }, o.deadlineMs)
        records.forEach((record, i) => {
          const bytes = sizes[i] as number
          queue.push({ record, bytes, attempt: 0, request, released: false })
          queuedBytes += bytes
        })
        schedule()
      })
      open.add(promise)
      void promise.then(() => open.delete(promise))
      return promise
    },
    ready: () => o.ready().catch(() => false),
    async close() {
      closed = true
      flush(false)
      await Promise.all([...open])
    },
    stats: () => ({ ...stats }),
  }
}
