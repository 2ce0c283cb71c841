import { parseRetryAfter } from '@clickstream/retry'
import type { TransportResult } from '../transport/transport.js'

/**
 * What to do with a batch after a send. A drop says why twice: `code` for programs, `reason` (the
 * status) for people. `delivered` has neither, so a caller reads both without narrowing first.
 */
export type Outcome =
  | { type: 'delivered'; code?: never; reason?: never }
  | { type: 'drop'; code: 'rejected'; reason: string }
  | { type: 'retry'; reason: string; retryAfter?: number }

/**
 * The retry policy: 2xx delivered; 4xx other than 408 and 429 will never succeed, so drop with the
 * status as reason and code `rejected`; anything else (no response, 408, 429, 5xx, odd statuses)
 * retry, honouring a `Retry-After` header (ms in `retryAfter`, absent when there is none).
 */
export function classifyResponse(result: TransportResult, now: number = Date.now()): Outcome {
  const { status, error } = result
  if (status >= 200 && status < 300) return { type: 'delivered' }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { type: 'drop', code: 'rejected', reason: `HTTP ${status}, not retried` }
  }
  const outcome: Outcome = {
    type: 'retry',
    reason: status ? `HTTP ${status}` : `no response: ${(error as Error)?.message ?? error}`,
  }
  const retryAfter = parseRetryAfter(result.retryAfter, now)
  if (retryAfter !== undefined) outcome.retryAfter = retryAfter
  return outcome
}
