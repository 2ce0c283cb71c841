import type { Transport } from '@clickstream/sdk-core'
import type { Compress } from '../compress/compress.js'
import { RequestAbortedError } from '../errors.js'
import { requestBody } from './request-body.js'

export interface HttpTransportOptions {
  /** The batch endpoint, e.g. `https://collector.example.com/v1/batch`. */
  url: string
  writeKey: string
  fetch: typeof fetch
  /** Abort a request after this many ms (then it is retried). */
  timeout: number
  /** Gzip bodies larger than this many bytes (when `compress` is set). */
  compressAbove: number
  compress: Compress | undefined
  /** Extra headers on every request (e.g. a `User-Agent`). */
  headers?: Record<string, string>
}

export interface HttpTransport extends Transport {
  /**
   * Aborts every request in flight (shutdown) with a `RequestAbortedError` (`closed`): they come
   * back as status 0 and stay queued. The client sends nothing after it.
   */
  abortAll(reason: string): void
}

/**
 * `POST /v1/batch` with the write key as HTTP Basic user, gzip above a threshold, a timeout built
 * on `setTimeout` (so fake timers drive it in tests). Reads and discards the response body so the
 * keep-alive socket is reused. Never throws: a failure is status 0.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const inFlight = new Set<AbortController>()
  return {
    async send(events) {
      const controller = new AbortController()
      inFlight.add(controller)
      const timer = setTimeout(
        () =>
          controller.abort(
            new RequestAbortedError('timeout', `no response within ${options.timeout} ms`),
          ),
        options.timeout,
      )
      try {
        const { body, headers } = await requestBody(events, options)
        const response = await options.fetch(options.url, {
          method: 'POST',
          headers,
          body,
          signal: controller.signal,
        })
        await response.arrayBuffer().catch(() => undefined)
        return { status: response.status, retryAfter: response.headers.get('Retry-After') }
      } catch (error) {
        return { status: 0, error: controller.signal.aborted ? controller.signal.reason : error }
      } finally {
        clearTimeout(timer)
        inFlight.delete(controller)
      }
    },
    abortAll(reason) {
      for (const controller of inFlight) controller.abort(new RequestAbortedError('closed', reason))
    },
  }
}
