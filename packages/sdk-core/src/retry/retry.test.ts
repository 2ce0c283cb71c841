import { describe, expect, it } from 'vitest'
import { resolveDispatcherOptions } from '../dispatcher/options.js'
import { createMemoryStore } from '../event-store/memory.js'
import { createMemoryTransport } from '../transport/memory.js'
import { classifyResponse } from './classify-response.js'
import { type BackoffOptions, computeBackoff } from './compute-backoff.js'
import { parseRetryAfter } from './parse-retry-after.js'

/** The dispatcher's resolved defaults, overridden per case. */
const backoff = (attempt: number, options: Partial<BackoffOptions> = {}) =>
  computeBackoff(attempt, {
    ...resolveDispatcherOptions({ store: createMemoryStore(), transport: createMemoryTransport() }),
    ...options,
  })

describe('computeBackoff', () => {
  it('draws uniformly below a ceiling that doubles per attempt', () => {
    const top = () => 0.999_999
    expect(backoff(0, { retryBaseDelay: 100, random: top })).toBe(99)
    expect(backoff(1, { retryBaseDelay: 100, random: top })).toBe(199)
    expect(backoff(4, { retryBaseDelay: 100, random: top })).toBe(1599)
    expect(backoff(4, { retryBaseDelay: 100, random: () => 0 })).toBe(0)
    expect(backoff(3, { retryBaseDelay: 100, random: () => 0.5 })).toBe(400)
  })

  it('is capped by maxDelay, even after very many attempts', () => {
    const top = () => 0.999_999
    expect(computeBackoff(10, { retryBaseDelay: 1000, retryMaxDelay: 5000, random: top })).toBe(
      4999,
    )
    expect(backoff(10_000, { random: top })).toBe(299_999)
  })

  it('uses jitter: different draws give different delays within bounds', () => {
    const delays = Array.from({ length: 200 }, () => backoff(5, { retryBaseDelay: 10 }))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThan(320)
    expect(new Set(delays).size).toBeGreaterThan(20)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T06:00:00Z')
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 06:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Sun, 22 Nov 2026 05:00:00 GMT', now)).toBe(0)
  })
  it('gives undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })
})

describe('classifyResponse', () => {
  it('takes 2xx as delivered', () => {
    for (const status of [200, 202, 204])
      expect(classifyResponse({ status })).toEqual({ type: 'delivered' })
  })
  it('drops on 4xx other than 408 and 429, with the status as reason', () => {
    for (const status of [400, 401, 403, 404, 413]) {
      expect(classifyResponse({ status })).toEqual({
        type: 'drop',
        code: 'rejected',
        reason: `HTTP ${status}, not retried`,
      })
    }
  })
  it('retries 408, 429, 5xx and no response, honouring Retry-After', () => {
    expect(classifyResponse({ status: 408 })).toEqual({ type: 'retry', reason: 'HTTP 408' })
    expect(classifyResponse({ status: 429, retryAfter: '7' })).toEqual({
      type: 'retry',
      reason: 'HTTP 429',
      retryAfter: 7000,
    })
    expect(classifyResponse({ status: 503, retryAfter: '2' }).type).toBe('retry')
    expect(classifyResponse({ status: 500 })).toEqual({ type: 'retry', reason: 'HTTP 500' })
    expect(classifyResponse({ status: 0, error: new TypeError('Failed to fetch') })).toEqual({
      type: 'retry',
      reason: 'no response: Failed to fetch',
    })
    expect(classifyResponse({ status: 302 }).type).toBe('retry')
  })
})
