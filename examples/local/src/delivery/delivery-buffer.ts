import type { DeliveryRecord } from './destination.js'

export interface DeliveryBufferOptions {
  /** Flush when the buffered records' data reach this many bytes (Firehose: 1–128 MiB). @default 5 MiB */
  maxBytes?: number
  /** Flush when the oldest buffered record is this old (Firehose: 0–900 s). @default 10_000 */
  maxAgeMs?: number
  /** Writes one flush. Called for one flush at a time, in order. */
  flush(records: DeliveryRecord[]): Promise<void>
}

export interface DeliveryBufferStats {
  bufferedRecords: number
  bufferedBytes: number
  flushes: number
  failedFlushes: number
}

export interface DeliveryBuffer {
  /** Buffers the records; resolves when the flush holding them is written, rejects if it failed. */
  add(records: readonly DeliveryRecord[]): Promise<void>
  /** Flushes what is buffered now, and every record added from now on at once; resolves when written. */
  close(): Promise<void>
  stats(): DeliveryBufferStats
}

interface Batch {
  records: DeliveryRecord[]
  bytes: number
  timer: ReturnType<typeof setTimeout>
  settled: Promise<void>
  settle: (error?: unknown) => void
}

export const DEFAULT_BUFFER_BYTES = 5 * 1024 * 1024
export const DEFAULT_BUFFER_INTERVAL_MS = 10_000

/**
 * Firehose's buffering: records from every shard gather in one buffer, flushed when it reaches a
 * size or its oldest record an age, whichever comes first. Flushes run one at a time, in order;
 * records added while one runs gather for the next.
 */
export function createDeliveryBuffer(options: DeliveryBufferOptions): DeliveryBuffer {
  const maxBytes = options.maxBytes ?? DEFAULT_BUFFER_BYTES
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_BUFFER_INTERVAL_MS
  const counts = { flushes: 0, failedFlushes: 0 }
  let current: Batch | undefined
  let closing = false
  let chain: Promise<void> = Promise.resolve()

  const open = (): Batch => {
    let settle: Batch['settle'] = () => {}
    const settled = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error))
    })
    // Every waiter holds `settled`; this keeps a failure nobody awaits from going unhandled.
    settled.catch(() => {})
    const batch: Batch = { records: [], bytes: 0, settled, settle, timer: undefined as never }
    batch.timer = setTimeout(() => current === batch && seal(), maxAgeMs)
    return batch
  }

  const seal = () => {
    const batch = current
    if (!batch) return
    current = undefined
    clearTimeout(batch.timer)
    chain = chain.then(async () => {
      try {
        await options.flush(batch.records)
        counts.flushes++
        batch.settle()
      } catch (error) {
        counts.failedFlushes++
        batch.settle(error ?? new Error('flush failed'))
      }
    })
  }

  return {
    add(records) {
      if (records.length === 0) return Promise.resolve()
      current ??= open()
      const batch = current
      for (const record of records) {
        batch.records.push(record)
        batch.bytes += Buffer.byteLength(record.data, 'base64')
      }
      if (closing || maxAgeMs === 0 || batch.bytes >= maxBytes) seal()
      return batch.settled
    },
    async close() {
      closing = true
      seal()
      await chain
    },
    stats: () => ({
      bufferedRecords: current?.records.length ?? 0,
      bufferedBytes: current?.bytes ?? 0,
      ...counts,
    }),
  }
}
