import {
  hostileBatchBody,
  hostileMessage,
  PROPERTY_TEST_TIMEOUT_MS,
} from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ISSUE_CODES, type Issue } from './issues.js'
import { checkJson, utf8Length } from './json-value.js'
import { MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_OUTPUT_BYTES } from './limits.js'
import { validateBatch, validateMessage } from './validate.js'

const known = new Set<string>(ISSUE_CODES)

/** Issues carry known codes and a message that starts with the path it names. */
function expectWellFormed(issues: readonly Issue[]): void {
  expect(issues.length).toBeGreaterThan(0)
  for (const i of issues) {
    expect(known.has(i.code)).toBe(true)
    expect(i.message.startsWith(`${i.path || 'message'}: `)).toBe(true)
  }
}

/** Messages that look almost right: real field names with arbitrary values. */
const nearMessage = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('track', 'page', 'screen', 'identify', 'group', 'alias'),
      fc.anything(),
    ),
    event: fc.oneof(fc.string(), fc.anything()),
    userId: fc.oneof(fc.string(), fc.constant(null), fc.anything()),
    anonymousId: fc.oneof(fc.uuid(), fc.anything()),
    messageId: fc.oneof(fc.string(), fc.anything()),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.anything(),
    ),
    properties: fc.oneof(fc.object(), fc.anything()),
    context: fc.oneof(fc.object(), fc.anything()),
    groupId: fc.anything(),
    previousId: fc.anything(),
  },
  { requiredKeys: [] },
)

describe('validation never throws', () => {
  it(
    'on any value: ok, or issues with known codes and a path-naming message',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: true }), nearMessage),
          (input) => {
            const result = validateMessage(input)
            if (!result.ok) expectWellFormed(result.issues)
          },
        ),
        { numRuns: 2000 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it(
    'on any batch body: every message is either valid or listed with issues, exactly once',
    () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(nearMessage, fc.anything()), { maxLength: 20 }), (batch) => {
          const result = validateBatch({ batch })
          expect(result.ok).toBe(true)
          if (!result.ok) return
          const indexes = [
            ...result.value.valid.map((v) => v.index),
            ...result.value.invalid.map((v) => v.index),
          ]
          expect(indexes.sort((a, b) => a - b)).toEqual(batch.map((_, i) => i))
        }),
        { numRuns: 500 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )
})

describe('the size bound of checkJson', () => {
  it(
    'is never below the exact UTF-8 size of the JSON (so skipping the exact count is safe)',
    () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 6 })),
          (message) => {
            const { issues, maxBytes } = checkJson(message)
            if (issues.length > 0) return
            expect(maxBytes).toBeGreaterThanOrEqual(utf8Length(JSON.stringify(message)))
          },
        ),
        { numRuns: 1000 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it(
    'is exact where it matters: the 32 KB decision equals the exact one',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', minLength: 9000, maxLength: 12000 }), (text) => {
          const message = { type: 'track', event: 'e', userId: 'u', properties: { text } }
          const exact = utf8Length(JSON.stringify(message)) > 32 * 1024
          const result = validateMessage(message)
          expect(!result.ok && result.issues.some((i) => i.code === 'too_large')).toBe(exact)
        }),
        { numRuns: 200 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )
})

describe('hostile input, at the message level and the batch level', () => {
  const bytesOf = (value: unknown) => utf8Length(JSON.stringify(value))
  /** What `checkJson` finds in a message: nesting, key length, `__proto__`, non-finite numbers. */
  const structural = (value: Record<string, unknown>) => checkJson(value).issues

  /** A property over parsed hostile bodies, as the collector parses them. */
  const hostile = (
    name: string,
    bodies: fc.Arbitrary<string>,
    check: (body: Record<string, unknown>, text: string) => void,
  ) =>
    it(
      name,
      () => {
        fc.assert(
          fc.property(bodies, (text) => check(JSON.parse(text), text)),
          { numRuns: 300 },
        )
      },
      PROPERTY_TEST_TIMEOUT_MS,
    )

  hostile('a message is valid only within every limit', hostileMessage(), (message) => {
    const result = validateMessage(message)
    if (!result.ok) return expectWellFormed(result.issues)
    expect(bytesOf(message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES)
    expect(structural(message)).toEqual([])
  })

  hostile(
    'a batch: refused whole with a reason, or each valid message within every limit once merged',
    hostileBatchBody(),
    (body, text) => {
      const result = validateBatch(body)
      if (!result.ok) {
        expect(['invalid_request', 'output_too_large']).toContain(result.reason)
        return expectWellFormed(result.issues)
      }
      const { request, valid, invalid } = result.value
      expect(valid.length + invalid.length).toBe((body.batch as unknown[]).length)
      let output = 0
      for (const { message } of valid) {
        // Merged as the collector merges: top-level keys, the message's own winning.
        const merged: Record<string, unknown> = { ...message }
        if (request.context) merged.context = { ...request.context, ...message.context }
        if (request.integrations) {
          merged.integrations = { ...request.integrations, ...message.integrations }
        }
        const bytes = bytesOf(merged)
        expect(bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES)
        expect(structural(merged)).toEqual([])
        output += bytes
      }
      if (utf8Length(text) <= MAX_REQUEST_BYTES) {
        expect(output).toBeLessThanOrEqual(MAX_REQUEST_OUTPUT_BYTES)
      }
    },
  )
})
