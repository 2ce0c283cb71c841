import type { PutResult, Sink, SinkRecord } from './sink.js'

export interface MemorySink extends Sink {
  /** Every record written, in order. */
  readonly records: SinkRecord[]
}

/** Keeps records in an array: the default sink for tests and `npm start` without a stream. */
export function createMemorySink(): MemorySink {
  const records: SinkRecord[] = []
  let closed = false
  return {
    records,
    async put(batch): Promise<PutResult> {
      if (closed) {
        return {
          ok: false,
          reason: 'closed',
          failed: batch.length,
          retryAfterSeconds: 1,
          message: 'sink is closed',
        }
      }
      for (const record of batch) records.push(record)
      return { ok: true }
    },
    ready: async () => !closed,
    async close() {
      closed = true
    },
  }
}
