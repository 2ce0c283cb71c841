import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ISSUE_CODES } from './issues.js'
import { validateBatch, validateMessage } from './validate.js'

const known = new Set<string>(ISSUE_CODES)

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
  it('on any value: ok, or issues with known codes and a path-naming message', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ withNullPrototype: true, withBigInt: true }), nearMessage),
        (input) => {
          const result = validateMessage(input)
          if (result.ok) return
          expect(result.issues.length).toBeGreaterThan(0)
          for (const i of result.issues) {
            expect(known.has(i.code)).toBe(true)
            expect(i.message.startsWith(`${i.path || 'message'}: `)).toBe(true)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('on any batch body: every message is either valid or listed with issues, exactly once', () => {
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
  })
})
