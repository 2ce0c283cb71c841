import { closedResult, type PutResult, type Sink, type SinkRecord } from './sink.js'

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
      if (closed) return closedResult(batch.length)
      for (const record of batch) records.push(record)
      return { ok: true }
    },
    ready: async () => !closed,
    async close() {
      closed = true
    },
  }
}
