import { retryAfterSeconds } from '@clickstream/retry'

/** Token buckets per source: `ratePerSecond` refill, `burst` capacity. */
export interface RateLimitOptions {
  /** Requests per second each source may make on average. */
  ratePerSecond: number
  /** Requests a source may make at once. @default ratePerSecond */
  burst?: number
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

export interface RateLimiter {
  take(key: string): RateDecision
}

export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  const rate = Math.max(options.ratePerSecond, Number.MIN_VALUE)
  const burst = Math.max(1, options.burst ?? options.ratePerSecond)
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    take(key) {
      const t = now()
      const bucket = buckets.get(key) ?? { tokens: burst, at: t }
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * rate)
      bucket.at = t
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { ok: true }
      }
      // The wait, in ms, until the bucket holds a whole token again.
      return {
        ok: false,
        retryAfterSeconds: retryAfterSeconds(((1 - bucket.tokens) / rate) * 1000),
      }
    },
  }
}
