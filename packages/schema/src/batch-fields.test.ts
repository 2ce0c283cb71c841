import { describe, expect, it } from 'vitest'
import { utf8Length } from './json-value.js'
import {
  MAX_BATCH_FIELDS_BYTES,
  MAX_BATCH_MESSAGES,
  MAX_MESSAGE_BYTES,
  MAX_REQUEST_BYTES,
  MAX_REQUEST_OUTPUT_BYTES,
} from './limits.js'
import { validateBatch } from './validate.js'

const track = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Clicked',
  anonymousId: 'a-1',
  ...extra,
})

/** A body as `JSON.parse` gives it (nesting no test could build by recursion). */
const body = (fields: string, batch: unknown[] = [track()]) =>
  JSON.parse(`{${fields},"batch":${JSON.stringify(batch)}}`) as Record<string, unknown>
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** The whole-request failure of a body, as `reason: path code` strings. */
function refusal(input: unknown): string[] {
  const result = validateBatch(input)
  if (result.ok) throw new Error('expected the request to be refused')
  return result.issues.map((i) => `${result.reason}: ${i.path} ${i.code}`)
}

describe('validateBatch: batch-level context and integrations get a message’s checks', () => {
  for (const field of ['context', 'integrations']) {
    it.each([20, 5_000, 100_000])(`refuses ${field} nested %i deep, naming the field`, (depth) => {
      expect(refusal(body(`"${field}":{"a":${nested(depth)}}`))).toEqual([
        `invalid_request: ${field} too_deep`,
      ])
    })
  }

  it.each([
    [
      'a __proto__ key',
      '"context":{"__proto__":{"polluted":true}}',
      'context.__proto__ forbidden_key',
    ],
    [
      'a nested __proto__ key',
      '"integrations":{"x":{"__proto__":1}}',
      'integrations.x.__proto__ forbidden_key',
    ],
    ['a 300-character key', `"context":{"${'k'.repeat(300)}":1}`, 'context too_long'],
    ['1e400 (Infinity once parsed)', '"context":{"n":1e400}', 'context.n not_finite'],
    ['-1e400', '"integrations":{"All":-1e400}', 'integrations.All not_finite'],
    [
      'a string over 32 KB',
      `"context":{"s":"${'x'.repeat(MAX_MESSAGE_BYTES + 1)}"}`,
      'context.s too_large',
    ],
  ])('refuses %s', (_, fields, expected) => {
    expect(refusal(body(fields))).toEqual([`invalid_request: ${expected}`])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a wrong shape after the structural check, as before', () => {
    expect(refusal(body('"context":{"ip":5}'))).toEqual([
      'invalid_request: context.ip invalid_type',
    ])
    expect(refusal(body('"integrations":[]'))).toEqual([
      'invalid_request: integrations invalid_type',
    ])
  })

  it('holds them together to 32 KB, naming the larger', () => {
    const half = 'x'.repeat(MAX_BATCH_FIELDS_BYTES / 2)
    const fits = `"context":{"a":"${'x'.repeat(MAX_BATCH_FIELDS_BYTES - 40)}"}`
    expect(utf8Length(`{${fits}}`)).toBeLessThanOrEqual(MAX_BATCH_FIELDS_BYTES)
    expect(validateBatch(body(fits)).ok).toBe(true)
    expect(refusal(body(`"context":{"a":"${half}"},"integrations":{"b":"${half}x"}`))).toEqual([
      'invalid_request: integrations too_large',
    ])
    // The issue's amplification: a 200 KB context (in strings each under the message limit).
    const wide = JSON.stringify(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(20_000)])),
    )
    const tiny = Array.from({ length: MAX_BATCH_MESSAGES }, (_, i) => track({ messageId: `${i}` }))
    expect(refusal(body(`"context":${wide}`, tiny))).toEqual(['invalid_request: context too_large'])
  })
})

describe('validateBatch: the copies the batch-level fields make are bounded', () => {
  const shared = (bytes: number) => `"context":{"s":"${'x'.repeat(bytes - 20)}"}`
  const messages = (n: number) =>
    Array.from({ length: n }, (_, i) => track({ messageId: `m-${i}` }))

  it('refuses a batch whose merged output would pass 4× the request limit, before any message', () => {
    expect(MAX_REQUEST_OUTPUT_BYTES).toBe(4 * MAX_REQUEST_BYTES)
    const perMessage = Math.floor((MAX_REQUEST_OUTPUT_BYTES - MAX_REQUEST_BYTES) / 2500)
    expect(validateBatch(body(shared(perMessage), messages(2500))).ok).toBe(true)
    const refused = validateBatch(
      body(shared(perMessage + 8), ['not even a message', ...messages(2499)]),
    )
    expect(refused).toMatchObject({
      ok: false,
      reason: 'output_too_large',
      issues: [{ path: 'batch', code: 'too_large' }],
    })
    // 2,500 tiny messages sharing 32 KB: the issue's 25 MB from 140 KB, refused.
    expect(refusal(body(shared(MAX_BATCH_FIELDS_BYTES), messages(2500)))).toEqual([
      'output_too_large: batch too_large',
    ])
  })

  it('rejects on its own a message the merge would push past 32 KB; its neighbours stay valid', () => {
    const big = track({ messageId: 'big', properties: { p: 'y'.repeat(MAX_MESSAGE_BYTES - 2000) } })
    const result = validateBatch(body(shared(4000), [track({ messageId: 'a' }), big, track()]))
    const merged = 'with the batch-level context and integrations merged in'
    expect(result).toMatchObject({
      ok: true,
      value: {
        invalid: [
          {
            index: 1,
            messageId: 'big',
            issues: [{ path: '', code: 'too_large', message: expect.stringContaining(merged) }],
          },
        ],
      },
    })
    if (result.ok) expect(result.value.valid.map((v) => v.index)).toEqual([0, 2])
    // Alone, the same message is valid.
    expect(validateBatch({ batch: [big] })).toMatchObject({ ok: true, value: { invalid: [] } })
  })

  it('measures the merge as the collector makes it: the message’s own keys win', () => {
    const pad = 'z'.repeat(MAX_MESSAGE_BYTES - 6000)
    // The batch's `s` is replaced by the message's, so the merged message stays under the limit.
    const overridden = track({ properties: { pad }, context: { s: 'own' } })
    const added = track({ properties: { pad }, context: { t: 'own' } })
    const result = validateBatch(body(shared(8000), [overridden, added]))
    expect(result).toMatchObject({ ok: true, value: { invalid: [{ index: 1 }] } })
    if (result.ok) expect(result.value.valid.map((v) => v.index)).toEqual([0])
  })
})
