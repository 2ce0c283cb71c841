import { describe, expect, it } from 'vitest'
import { classifyResponse } from './classify-response.js'

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
