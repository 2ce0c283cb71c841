import fc from 'fast-check'

/*
 * What a hostile client sends, as JSON text (so `__proto__` keys and `1e400` arrive as they do from
 * the wire: an own key, and Infinity once parsed). Shared by the schema's fuzz tests and the
 * collector's hostile-input tests, at the message level and the batch level alike.
 */

/** Nesting from just past the limit (16) to 100,000 levels, of arrays or objects. */
const nested = fc
  .tuple(
    fc.oneof(fc.integer({ min: 14, max: 20 }), fc.integer({ min: 1, max: 100_000 })),
    fc.boolean(),
  )
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(Math.min(depth, 20_000))}1${'}'.repeat(Math.min(depth, 20_000))}`,
  )

const longKey = fc.integer({ min: 250, max: 5_000 }).map((length) => `{"${'k'.repeat(length)}":1}`)

const forbiddenKey = fc
  .json({ maxDepth: 1 })
  .chain((value) =>
    fc.constantFrom(`{"__proto__":${value}}`, `{"a":{"__proto__":${value}}}`, `[{"__proto__":1}]`),
  )

/** Numbers out of range: `JSON.parse` turns the first ones into ±Infinity. */
const hugeNumber = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e999999',
  '1e308',
  '-1e308',
  '5e-324',
  '0.1e-400',
  '-0',
  '123456789012345678901234567890',
)

/** Strings up to 40,000 characters of 1 to 6 UTF-8 bytes (as JSON) each. */
const hugeString = fc
  .tuple(fc.integer({ min: 1, max: 40_000 }), fc.constantFrom('x', 'é', '😀', '\\u0000', '\\"'))
  .map(([length, unit]) => `"${unit.repeat(length)}"`)

/** Many small keys: large without any long string. */
const wideObject = fc
  .integer({ min: 1, max: 5_000 })
  .map((keys) => `{${Array.from({ length: keys }, (_, i) => `"k${i}":${i}`).join(',')}}`)

/** JSON text of one hostile value, or of plain JSON now and then. */
export function hostileJson(): fc.Arbitrary<string> {
  return fc.oneof(
    nested,
    longKey,
    forbiddenKey,
    hugeNumber,
    hugeString,
    wideObject,
    fc.json({ maxDepth: 3 }),
  )
}

/** JSON text of an object (as `context`, `properties` must be) holding hostile values, or of one. */
function hostileObject(): fc.Arbitrary<string> {
  const value = hostileJson()
  return fc.oneof(
    value,
    value.map((v) => `{"v":${v}}`),
    fc.tuple(value, value).map(([a, b]) => `{"page":{"url":"https://x.test/"},"a":${a},"b":${b}}`),
    // Shared fields of a chosen size: amplification on both sides of the limits.
    fc.integer({ min: 1, max: 33_000 }).map((bytes) => `{"s":"${'x'.repeat(bytes)}"}`),
  )
}

/** JSON text of a track message with hostile values in its free-form fields. */
export function hostileMessage(): fc.Arbitrary<string> {
  return fc
    .record(
      {
        properties: hostileObject(),
        context: hostileObject(),
        integrations: hostileObject(),
        extra: hostileJson(),
      },
      { requiredKeys: [] },
    )
    .chain((fields) =>
      fc.nat(99).map((id) => {
        const parts = Object.entries(fields).map(([key, text]) => `"${key}":${text}`)
        return `{"type":"track","event":"e","anonymousId":"a-${id % 7}","messageId":"m-${id}"${parts.map((p) => `,${p}`).join('')}}`
      }),
    )
}

/**
 * JSON text of a `/v1/batch` body: hostile batch-level `context` / `integrations`, a few hostile
 * messages and up to 2,500 tiny ones (what amplification needs), at most 2,500 in all.
 */
export function hostileBatchBody(): fc.Arbitrary<string> {
  return fc
    .record(
      {
        context: hostileObject(),
        integrations: hostileObject(),
        messages: fc.array(hostileMessage(), { maxLength: 3 }),
        tiny: fc.oneof(fc.nat(5), fc.integer({ min: 0, max: 2_500 })),
      },
      { requiredKeys: ['messages', 'tiny'] },
    )
    .map(({ context, integrations, messages, tiny }) => {
      const count = Math.min(tiny, 2_500 - messages.length)
      const small = Array.from(
        { length: count },
        (_, i) => `{"type":"track","event":"e","anonymousId":"t-${i % 50}"}`,
      )
      const fields = [
        context === undefined ? '' : `"context":${context},`,
        integrations === undefined ? '' : `"integrations":${integrations},`,
      ].join('')
      return `{${fields}"batch":[${[...messages, ...small].join(',')}]}`
    })
}
