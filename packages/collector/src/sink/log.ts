import type { Logger } from '../logger.js'
import { closedResult, type Sink } from './sink.js'

/**
 * Writes each record as a warn log line (the rejected-events sink when no `REJECTED_STREAM` is set):
 * invalid events are still never silently dropped. Records must not hold secrets. Once closed it
 * takes no new records, like every sink.
 */
export function createLogSink(logger: Logger, msg = 'rejected event'): Sink {
  const decoder = new TextDecoder()
  let closed = false
  return {
    async put(records) {
      if (closed) return closedResult(records.length)
      for (const record of records) {
        let value: unknown
        try {
          value = JSON.parse(decoder.decode(record.data))
        } catch {
          value = decoder.decode(record.data)
        }
        logger.warn(msg, { partitionKey: record.partitionKey, record: value })
      }
      return { ok: true }
    },
    ready: async () => !closed,
    async close() {
      closed = true
    },
  }
}
