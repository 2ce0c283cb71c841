import { PROPERTY_TEST_TIMEOUT_MS } from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchRequestSchema } from './batch.js'
import { fitsBatchRequest, fitsMessageShape } from './fast-shape.js'
import { checkJson } from './json-value.js'
import { MESSAGE_TYPES } from './limits.js'
import { messageShapes } from './messages.js'

/** Strings around every cap the shapes have (0, 1, 100, 256 units) and astral characters. */
const edgyString = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 10 },
  fc.constantFrom(0, 1, 99, 100, 101, 255, 256, 257).map((n) => 'x'.repeat(n)),
  fc.constantFrom(50, 51, 128, 129).map((n) => '😀'.repeat(n)),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
)
const timestamp = fc.oneof(
  {
    arbitrary: fc
      .date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') })
      .map((d) => d.toISOString()),
    weight: 10,
  },
  fc.constantFrom('2026-01-31T12:00:00Z', '2026-02-30T12:00:00.000Z', '2026-01-31', 'yesterday'),
  edgyString,
)
/** Any JSON value, or undefined. */
const anyValue = fc.oneof(
  fc.constantFrom(null, 0, 1.5, true, [], {}, undefined),
  fc.jsonValue({ maxDepth: 2 }),
)
/** Mostly a value of the right kind, sometimes anything: so whole messages are often valid. */
const value = (right: fc.Arbitrary<unknown> = edgyString) =>
  fc.oneof({ arbitrary: right, weight: 20 }, { arbitrary: anyValue, weight: 1 })
const record = fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }))
const loose = (keys: string[]) => value(fc.dictionary(fc.constantFrom(...keys, 'extra'), value()))

const context = value(
  fc.record(
    {
      ip: value(),
      userAgent: value(),
      locale: value(),
      timezone: value(),
      page: loose(['url', 'path', 'referrer', 'title', 'search']),
      campaign: loose(['name', 'source', 'medium', 'term', 'content']),
      library: loose(['name', 'version']),
      other: anyValue,
    },
    { requiredKeys: [] },
  ),
)
const ids = fc.oneof(fc.uuid(), fc.constant(null), edgyString)

/** Messages made of the shapes' own fields, each holding a right or a wrong value. */
const message = fc.record(
  {
    type: fc.constantFrom(...MESSAGE_TYPES),
    messageId: value(),
    anonymousId: value(ids),
    userId: value(ids),
    timestamp: value(timestamp),
    originalTimestamp: value(timestamp),
    sentAt: value(timestamp),
    receivedAt: value(timestamp),
    context,
    integrations: value(record),
    event: value(),
    name: value(fc.oneof(edgyString, fc.constant(null))),
    category: value(fc.oneof(edgyString, fc.constant(null))),
    properties: value(record),
    traits: value(record),
    groupId: value(),
    previousId: value(),
    custom: anyValue,
  },
  { requiredKeys: ['type'] },
)

const hasAstral = (data: unknown) => /[\ud800-\udfff]/.test(JSON.stringify(data) ?? '')

describe('the hand-written shapes agree with the zod schemas', () => {
  it(
    'a message fits exactly when zod accepts it (and zod would return the same data)',
    () => {
      let accepted = 0
      fc.assert(
        fc.property(message, (m) => {
          if (checkJson(m).issues.length > 0) return
          const zod = messageShapes[m.type].safeParse(m)
          const fast = fitsMessageShape(m.type, m)
          // Never through wrongly; never turned away needlessly unless a cap met astral characters.
          if (fast) expect(zod.success).toBe(true)
          if (!hasAstral(m)) expect(fast).toBe(zod.success)
          if (fast && zod.success) expect(m).toEqual(zod.data)
          if (zod.success) accepted++
        }),
        { numRuns: 5000 },
      )
      // Both answers are exercised: the generator is not all valid nor all invalid.
      expect(accepted).toBeGreaterThan(500)
      expect(accepted).toBeLessThan(4500)
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it(
    'a batch request fits exactly when zod accepts it',
    () => {
      const request = fc.record(
        {
          batch: fc.oneof(
            fc.array(fc.constant({}), { maxLength: 3 }),
            fc.constantFrom(2500, 2501).map((n) => Array.from({ length: n }, () => ({}))),
            anyValue,
          ),
          writeKey: value(),
          sentAt: value(timestamp),
          context,
          integrations: fc.oneof(value(record), fc.constant(new Date(0))),
          other: anyValue,
        },
        { requiredKeys: [] },
      )
      fc.assert(
        fc.property(request, (body) => {
          const zod = batchRequestSchema.safeParse(body)
          const fast = fitsBatchRequest(body)
          if (fast) expect(zod.success).toBe(true)
          if (!hasAstral(body)) expect(fast).toBe(zod.success)
        }),
        { numRuns: 3000 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it('the common case fits: a browser SDK page and track, an identify with traits', () => {
    const context = {
      page: { path: '/p', url: 'https://shop.example/p', referrer: '', title: 'P', search: '' },
      library: { name: 'clickstream', version: '0.1.0' },
      userAgent: 'Mozilla/5.0',
      locale: 'en-US',
      timezone: 'Europe/Paris',
      screen: { width: 1280, height: 720 },
    }
    const common = {
      anonymousId: '4a8c7a5e-0d0c-4a57-9d4b-6c1e0f1f3b44',
      userId: null,
      messageId: 'b7f6b0b4-0e0f-4f5e-8a5a-1f3d2c4b5a69',
      timestamp: '2026-01-31T12:00:00.000Z',
      context,
    }
    expect(fitsMessageShape('page', { ...common, type: 'page', name: null, properties: {} })).toBe(
      true,
    )
    expect(
      fitsMessageShape('track', { ...common, type: 'track', event: 'Added', properties: { n: 1 } }),
    ).toBe(true)
    expect(fitsMessageShape('identify', { ...common, type: 'identify', traits: { a: 1 } })).toBe(
      true,
    )
  })
})
