import type { Logger } from './logger.js'

export interface LogSamplerOptions {
  /** Lines written as they come, per key and interval; the rest are only counted. @default 10 */
  firstPerInterval?: number
  /** @default 60_000 (one minute) */
  intervalMs?: number
  /** @default Date.now */
  now?: () => number
}

export interface LogSampler {
  /** A warn line, unless `key` has had its lines this interval: then a count for the summary. */
  warn(key: string, msg: string, fields?: Record<string, unknown>): void
}

/** The `msg` of the line that sums an interval up. */
export const SAMPLED_SUMMARY_MSG = 'requests failed (sampled)'

/**
 * Warn lines that a flood of bad requests cannot turn into a flood of logs. In each interval the first
 * `firstPerInterval` lines of each key (an error code) are written; the others are counted, and the
 * first line after the interval is preceded by one summary line: `{ since, intervalMs, counts,
 * unlogged }`, `counts` being every line of the interval per key. No timer: the summary waits for the
 * next line, so nothing keeps a Lambda or a test process alive, and the edge (no timers outside a
 * request) works the same. A quiet interval after a flood is summed up by its next line.
 */
export function createLogSampler(logger: Logger, options: LogSamplerOptions = {}): LogSampler {
  const limit = options.firstPerInterval ?? 10
  const intervalMs = options.intervalMs ?? 60_000
  const now = options.now ?? Date.now
  const counts = new Map<string, number>()
  let since = Number.NEGATIVE_INFINITY

  const rollOver = (t: number) => {
    if (t - since < intervalMs) return
    let unlogged = 0
    for (const n of counts.values()) unlogged += Math.max(0, n - limit)
    if (unlogged > 0) {
      logger.warn(SAMPLED_SUMMARY_MSG, {
        since: new Date(since).toISOString(),
        intervalMs,
        counts: Object.fromEntries(counts),
        unlogged,
      })
    }
    counts.clear()
    since = t
  }

  return {
    warn(key, msg, fields) {
      rollOver(now())
      const n = (counts.get(key) ?? 0) + 1
      counts.set(key, n)
      if (n <= limit) logger.warn(msg, n === limit ? { ...fields, sampled: true } : fields)
    },
  }
}
