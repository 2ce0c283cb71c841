import { batchBody, EVENTS_PER_BATCH } from '@clickstream/test-support'

export { EVENTS_PER_BATCH }

const USERS = 200

export interface StepResult {
  offered: number
  /** Events the collector acknowledged with 2xx, per second. */
  accepted: number
  failed: number
  /** Events the sessionizer finished during the step, per second. */
  sessionized: number
  /** Age of the oldest acknowledged batch not yet sessionized, at the end of the step (ms). */
  behindMs: number
}

export interface LoadGenerator {
  /**
   * Offers `rate` events/s to the collector for `seconds`: 20-event batches every 50 ms tick, at
   * most 64 requests in flight.
   */
  step(rate: number, seconds: number): Promise<StepResult>
}

/**
 * Load on the collector, and how far the sessionizer is behind it. kinesalite answers
 * `MillisBehindLatest: 0` for open shards, so the lag is measured here: the age of the oldest
 * batch the collector acknowledged that the poller has not processed yet (one record per batch;
 * shards are read in parallel, so this is an estimate within a batching window).
 */
export function createLoadGenerator(options: {
  collector: string
  writeKey: string
  /** Kinesis records the poller has processed so far. */
  processed: () => number
}): LoadGenerator {
  const auth = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`
  const ackTimes: number[] = []
  const processedAtStart = options.processed()
  let seq = 0
  const behindMs = () => {
    const done = options.processed() - processedAtStart
    const oldest = ackTimes[done]
    return oldest === undefined ? 0 : performance.now() - oldest
  }
  return {
    async step(rate, seconds) {
      const tickMs = 50
      const ticks = (seconds * 1000) / tickMs
      const perTick = rate / EVENTS_PER_BATCH / (1000 / tickMs)
      let owed = 0
      let inFlight = 0
      let accepted = 0
      let failed = 0
      const processedBefore = options.processed()
      const send = async () => {
        inFlight++
        const user = seq % USERS
        const body = batchBody(`load-${user}`, `load-${user}-${seq++}`)
        try {
          const res = await fetch(`${options.collector}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth },
            body,
          })
          await res.arrayBuffer()
          if (res.ok) {
            accepted += EVENTS_PER_BATCH
            ackTimes.push(performance.now())
          } else failed += EVENTS_PER_BATCH
        } catch {
          failed += EVENTS_PER_BATCH
        } finally {
          inFlight--
        }
      }
      const started = performance.now()
      for (let tick = 0; tick < ticks; tick++) {
        owed += perTick
        while (owed >= 1 && inFlight < 64) {
          owed--
          void send()
        }
        const next = started + (tick + 1) * tickMs
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())))
      }
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10))
      const elapsed = (performance.now() - started) / 1000
      return {
        offered: rate,
        accepted: accepted / elapsed,
        failed,
        sessionized: ((options.processed() - processedBefore) * EVENTS_PER_BATCH) / elapsed,
        behindMs: behindMs(),
      }
    },
  }
}
