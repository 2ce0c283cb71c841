import type { Issue } from '@clickstream/schema'

/**
 * Whole-request failures: a closed set of codes, each mapped to its HTTP status here and nowhere
 * else. Per-message problems are not errors: they are listed in `rejected` of a 200 response.
 */
export const ERROR_STATUS = {
  /** The body is not JSON (or not UTF-8, or not gzip when it says so). */
  malformed_json: 400,
  /** JSON, but not a batch / message request (wrong shape, too many messages). */
  invalid_body: 400,
  /** A single-message route whose body says another `type`. */
  type_mismatch: 400,
  /** No write key in `Authorization` or in the body. */
  missing_write_key: 401,
  /** A write key no source has. */
  unknown_write_key: 401,
  /** A browser request from an origin the source does not allow. */
  origin_not_allowed: 403,
  /**
   * A request without the secret origin header the CDN adds (`originVerify`): someone called the
   * origin (the Function URL) around the CDN.
   */
  origin_unverified: 403,
  /** No such route. */
  not_found: 404,
  /** The body did not arrive in time (slow client). */
  request_timeout: 408,
  /** Body (as sent, or once inflated) larger than allowed. */
  payload_too_large: 413,
  /**
   * A batch whose batch-level `context` / `integrations`, copied into each of its messages, would
   * make more than `MAX_REQUEST_OUTPUT_BYTES` (2,000 KB): refused before anything is copied.
   */
  output_too_large: 413,
  /** A content type other than JSON / text / form-labelled JSON. */
  unsupported_media_type: 415,
  /** A content encoding other than gzip / identity. */
  unsupported_encoding: 415,
  /** The source's rate limit. Comes with `Retry-After`. */
  rate_limited: 429,
  /** A bug: never caused by input. */
  internal: 500,
  /** The sink could not take the events in time (outage, deadline). Comes with `Retry-After`. */
  sink_unavailable: 503,
  /** Too many bytes in flight to the sink; try again shortly. Comes with `Retry-After`. */
  overloaded: 503,
  /** The collector is shutting down. Comes with `Retry-After`. */
  shutting_down: 503,
  /**
   * The sources (write keys) could not be read, or not for longer than they may be trusted (a
   * revoked key must stop working). Comes with `Retry-After`.
   */
  sources_unavailable: 503,
  /**
   * The suppression list (deleted people) could not be read for longer than it may be trusted:
   * storing events could store a deleted person's. Comes with `Retry-After`.
   */
  suppression_unavailable: 503,
  /**
   * The script Segment's snippet loads (`segmentScript`) could not be read. Comes with
   * `Retry-After`; asked for again on the next request.
   */
  script_unavailable: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode]

/** A whole-request failure, thrown anywhere in the request pipeline and answered by `onError`. */
export class CollectorError extends Error {
  override readonly name = 'CollectorError'
  readonly status: ErrorStatus
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { retryAfterSeconds?: number; issues?: Issue[] } = {},
  ) {
    super(message)
    this.status = ERROR_STATUS[code]
  }
}

/** The JSON body of every whole-request failure. */
export interface ErrorBody {
  ok: false
  error: { code: ErrorCode; message: string; issues?: Issue[] }
}

export function errorBody(error: CollectorError): ErrorBody {
  const { issues } = error.options
  return {
    ok: false,
    error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) },
  }
}

/** A configuration the collector cannot run with (bad env, bad sources). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
