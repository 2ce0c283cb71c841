import type { MiddlewareHandler } from 'hono'
import { CollectorError } from '../errors.js'

/**
 * A secret header the CDN adds to every request it forwards, so that the origin (a Lambda
 * Function URL, which is public) refuses whoever calls it around the CDN.
 */
export interface OriginVerifyOptions {
  /** Header name, e.g. `x-origin-verify`. */
  header: string
  /**
   * The values accepted now: during a rotation, the current, the pending and the previous secret.
   * An empty list refuses every request.
   */
  values: () => readonly string[]
}

/** Refuses (403 `origin_unverified`) a request whose header is none of the accepted values. */
export function originVerify(options: OriginVerifyOptions): MiddlewareHandler {
  const header = options.header.toLowerCase()
  return async (c, next) => {
    const sent = c.req.header(header)
    if (sent === undefined || !options.values().some((value) => sameSecret(sent, value))) {
      throw new CollectorError('origin_unverified', 'requests must come through the CDN')
    }
    await next()
  }
}

/** Compares without an early exit on the first differing character (no timing oracle). */
function sameSecret(sent: string, expected: string): boolean {
  if (expected.length === 0) return false
  let diff = sent.length ^ expected.length
  for (let i = 0; i < expected.length; i++) {
    diff |= (sent.charCodeAt(i) || 0) ^ expected.charCodeAt(i)
  }
  return diff === 0
}
