import type { Logger } from '../logger.js'
import type { Sink } from './sink.js'

/**
 * Writes each record as a warn log line (the rejected-events sink when no `REJECTED_STREAM` is set):
 * invalid events are still never silently dropped. Records must not hold secrets.
 */
export function createLogSink(logger: Logger, msg = 'rejected event'): Sink {
  const decoder = new TextDecoder()
  return {
    async put(records) {
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
    ready: async () => true,
    close: async () => {},
  }
}
