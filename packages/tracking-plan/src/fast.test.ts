import { Validator } from '@cfworker/json-schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileFastCheck } from './fast.js'
import type { JsonSchema } from './plan.js'

/** Schemas over every supported keyword, small enough that random values hit both answers. */
const schemas: Record<string, JsonSchema> = {
  types: { type: ['integer', 'string', 'null'] },
  number: { type: 'number', minimum: -2, exclusiveMaximum: 3, multipleOf: 0.5 },
  exclusive: { exclusiveMinimum: 0, maximum: 10 },
  enumConst: { anyOf: [{ enum: [1, 'a', null, [1], { a: 1 }] }, { const: { b: [true] } }] },
  oneOf: { oneOf: [{ type: 'integer' }, { minimum: 2 }] },
  not: { not: { type: 'string' } },
  strings: { type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-c]' },
  formats: { anyOf: [{ format: 'email' }, { format: 'date' }, { format: 'uuid' }] },
  object: {
    type: 'object',
    properties: { a: { type: 'integer' }, b: { type: 'string' } },
    patternProperties: { '^x': { type: 'boolean' } },
    additionalProperties: { type: 'null' },
    required: ['a'],
    minProperties: 1,
    maxProperties: 3,
  },
  closed: { type: 'object', properties: { a: true }, additionalProperties: false },
  names: { propertyNames: { pattern: '^[a-z]+$', maxLength: 2 } },
  arrays: {
    type: 'array',
    prefixItems: [{ type: 'string' }],
    items: { type: 'number' },
    minItems: 1,
    maxItems: 3,
    uniqueItems: true,
  },
  refs: {
    type: 'object',
    properties: { item: { $ref: '#/$defs/item' }, list: { items: { $ref: '#/$defs/item' } } },
    $defs: {
      item: { type: 'object', required: ['id'], properties: { id: { $ref: '#/$defs/id' } } },
      id: { type: 'string' },
    },
  },
  booleans: { allOf: [true, { anyOf: [false, { type: 'object' }] }] },
}

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(0, 0.5, 2.5, 3, -2, -2.5, 1.25, 10, 11, 1e-7),
  fc.constantFrom('a@b.test', '2026-12-03', '6a2f41a3-c54c-fce8-32d2-0324e1c32e22', 'ab', 'x'),
  fc.dictionary(
    fc.constantFrom('a', 'b', 'x1', 'zz', 'ABC', 'item', 'list'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.record({
    item: fc.oneof(fc.record({ id: fc.oneof(fc.string(), fc.integer()) }), fc.jsonValue()),
  }),
  fc.array(fc.oneof(fc.string(), fc.double(), fc.integer()), { maxLength: 4 }),
  fc.record(
    {
      a: fc.oneof(fc.integer(), fc.string()),
      b: fc.string(),
      x1: fc.boolean(),
      zz: fc.constant(null),
    },
    { requiredKeys: [] },
  ),
)

describe('compileFastCheck', () => {
  it.each(Object.keys(schemas))('answers as the full validator does: %s', (name) => {
    const schema = schemas[name] as JsonSchema
    const fast = compileFastCheck(schema)
    const full = new Validator(structuredClone(schema), '2020-12', true)
    let valid = 0
    fc.assert(
      fc.property(value, (v) => {
        const expected = full.validate(v).valid
        if (expected) valid++
        expect(fast(v)).toBe(expected)
      }),
      { numRuns: 400 },
    )
    expect(valid).toBeGreaterThan(0)
  })
})
