import {
  checkJsonValue,
  MAX_MESSAGE_BYTES,
  MAX_REQUEST_OUTPUT_BYTES,
} from '@clickstream/schema/lite'
import {
  hostileBatchBody,
  hostileMessage,
  PROPERTY_TEST_TIMEOUT_MS,
} from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_STATUS, type ErrorCode } from '../src/errors.js'
import { basic, gzip, testCollector, track, WRITE_KEY } from './helpers.js'

const PATHS = ['/v1/batch', '/v1/b', '/v1/t', '/v1/page', '/v1/i', '/v1/g', '/v1/alias', '/v1/x']
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
  maxLength: 60,
})

const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ batch: [v, track()] })),
  fc
    .array(
      fc.dictionary(
        fc.constantFrom(
          'type',
          'event',
          'anonymousId',
          'userId',
          'timestamp',
          'sentAt',
          'context',
          'messageId',
          '__proto__',
        ),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { maxLength: 5 },
    )
    .map((batch) => JSON.stringify({ batch, sentAt: '2026-01-01T00:00:00Z' })),
  fc.uint8Array({ maxLength: 200 }),
)

const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'text/html',
        'application/json; charset=utf-8',
      ),
      headerValue,
    ),
    'content-encoding': fc.oneof(fc.constantFrom('gzip', 'identity', 'br', 'deflate'), headerValue),
    authorization: fc.oneof(
      fc.constant(basic(WRITE_KEY)),
      headerValue.map((v) => `Basic ${v}`),
      headerValue,
    ),
    origin: fc.oneof(fc.constant('https://shop.example.com'), headerValue),
    'x-forwarded-for': headerValue,
    'content-length': fc.nat().map(String),
  },
  { requiredKeys: [] },
)

describe('hostile input', () => {
  it(
    'never answers a 5xx, and every 4xx carries a known code with its status',
    async () => {
      const t = testCollector({ connectionIp: () => '127.0.0.1', trustedProxies: '*' })
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PATHS), body, headers, async (path, payload, h) => {
          const { 'content-length': _length, ...sent } = h
          const res = await t.app.request(path, { method: 'POST', headers: sent, body: payload })
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) {
            const json = (await res.json()) as { ok: boolean; error: { code: ErrorCode } }
            expect(json.ok).toBe(false)
            expect(ERROR_STATUS[json.error.code]).toBe(res.status)
          } else if (res.status === 200) {
            const json = (await res.json()) as { ok: boolean; accepted: number }
            expect(json.ok).toBe(true)
          }
        }),
        { numRuns: 400 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it(
    'never answers a 5xx to gzip bodies: valid, truncated or garbage inside',
    async () => {
      const t = testCollector()
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 100 })),
          fc.option(fc.nat(200), { nil: undefined }),
          async (text, cut) => {
            const packed = await gzip(text)
            const body = cut === undefined ? packed : packed.slice(0, cut)
            const res = await t.post('/v1/batch', body, { 'content-encoding': 'gzip' })
            expect(res.status).toBeLessThan(500)
            if (res.status >= 400) {
              const json = (await res.json()) as { error: { code: ErrorCode } }
              expect(ERROR_STATUS[json.error.code]).toBe(res.status)
            }
          },
        ),
        { numRuns: 200 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )
})

/**
 * What the collector adds to a merged message (`messageId`, `timestamp`, `receivedAt`,
 * `originalTimestamp`, `sentAt`, `context.ip`), at most: an event in the stream is its merged
 * message, held to the message limit, plus these.
 */
const COLLECTOR_FIELDS_BYTES = 512

describe('hostile input at the message and batch level', () => {
  const encoder = new TextEncoder()

  /** Posts a body; checks the answer and everything that reached the sinks against the limits. */
  async function check(path: string, body: string) {
    const t = testCollector({ connectionIp: () => '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' })
    const res = await t.post(path, body, { 'content-type': 'text/plain' })
    expect(res.status).toBeLessThan(500)
    const json = (await res.json()) as {
      error?: { code: ErrorCode }
      accepted?: number
      rejected?: { index: number }[]
    }
    if (res.status >= 400) {
      expect(ERROR_STATUS[json.error?.code as ErrorCode]).toBe(res.status)
      expect(t.sink.records).toEqual([])
      return
    }
    const events = t.envelopes().flatMap((e) => e.events)
    expect(events).toHaveLength(json.accepted ?? -1)
    let written = 0
    for (const event of events) {
      const bytes = encoder.encode(JSON.stringify(event)).byteLength
      expect(bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + COLLECTOR_FIELDS_BYTES)
      // The message-level walk finds nothing: nesting, key length, __proto__, non-finite numbers.
      expect(checkJsonValue(event)).toEqual([])
      written += bytes
    }
    expect(written).toBeLessThanOrEqual(
      MAX_REQUEST_OUTPUT_BYTES + events.length * COLLECTOR_FIELDS_BYTES,
    )
    expect(t.rejected().map((r) => r.index)).toEqual(json.rejected?.map((r) => r.index))
  }

  for (const [path, bodies] of [
    ['/v1/batch', hostileBatchBody],
    ['/v1/track', hostileMessage],
  ] as const) {
    it(
      `${path}: 2xx or a 4xx with its code, never 5xx; what reaches the stream is within every limit`,
      async () => {
        await fc.assert(
          fc.asyncProperty(bodies(), (body) => check(path, body)),
          { numRuns: 200 },
        )
      },
      PROPERTY_TEST_TIMEOUT_MS,
    )
  }
})
