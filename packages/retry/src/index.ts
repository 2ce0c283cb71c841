export type { BackoffOptions } from './compute-backoff.js'
export { computeBackoff } from './compute-backoff.js'
export { parseRetryAfter, retryAfterSeconds } from './retry-after.js'
