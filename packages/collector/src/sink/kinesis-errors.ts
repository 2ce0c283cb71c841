/** Per-record error codes of PutRecords worth retrying: the record may succeed later. */
export const RETRYABLE_RECORD_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'InternalFailure',
  'KMSThrottlingException',
])

/** Whole-call errors that say "not now" rather than "never". */
const RETRYABLE_CALL_ERRORS = new Set([
  ...RETRYABLE_RECORD_CODES,
  'LimitExceededException',
  'ThrottlingException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'RequestTimeout',
  'TimeoutError',
])

/** A failed call is retried unless the service blamed the request itself (4xx, not throttling). */
export function isRetryableKinesisError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } }
  if (e.name && RETRYABLE_CALL_ERRORS.has(e.name)) return true
  const status = e.$metadata?.httpStatusCode
  if (e.$fault === 'client' || (status !== undefined && status >= 400 && status < 500)) {
    return status === 429
  }
  return true
}
