export const EVENTS_PER_BATCH = 20
const USERS = 200

/** A 20-event batch of one browser (one anonymousId, so one Kinesis record), realistic payloads. */
function batchBody(user: number, seq: number): string {
  const sentAt = new Date().toISOString()
  const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
    type: i % 5 === 0 ? 'page' : 'track',
    ...(i % 5 === 0 ? { name: 'Product' } : { event: 'Product Viewed' }),
    anonymousId: `load-${user}`,
    messageId: `load-${user}-${seq}-${i}`,
    timestamp: sentAt,
    properties: { product_id: `p-${i}`, price: 12.5, currency: 'EUR', position: i },
    context: {
      page: {
        path: `/products/${i}`,
        url: `https://shop.example.com/products/${i}`,
        title: 'Product',
      },
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/122.0.0.0 Safari/537.36',
      library: { name: 'analytics.js', version: 'npm:next-1.64.0' },
    },
  }))
  return JSON.stringify({ batch, sentAt })
}

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
        const body = batchBody(seq % USERS, seq++)
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
