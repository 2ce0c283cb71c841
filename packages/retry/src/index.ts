export * from './compute-backoff.js'
export * from './retry-after.js'
