import { checkJsonValue } from '@clickstream/schema/lite'
import { describe, expect, it } from 'vitest'
import { InvalidMessageError } from '../errors.js'
import { toJson } from './to-json.js'

/** The message of the `InvalidMessageError` that `toJson(value)` throws (any other throw fails). */
const reason = (value: object) => {
  try {
    toJson(value)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidMessageError)
    return (error as InvalidMessageError).message
  }
  throw new Error('expected a throw')
}

const nest = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 }
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}

describe('toJson', () => {
  it('serialises plain data like JSON.stringify, Dates included, shared references allowed', () => {
    const shared = { x: 1 }
    const message = {
      a: [1, 'two', null, { b: true }],
      d: new Date(0),
      s: shared,
      t: shared,
      u: undefined,
    }
    expect(toJson(message)).toBe(JSON.stringify(message))
  })

  it('names the field of each value JSON cannot carry', () => {
    expect(reason({ properties: { n: 1n } })).toBe('properties.n: bigint cannot be sent as JSON')
    expect(reason({ traits: { f() {} } })).toBe('traits.f: function cannot be sent as JSON')
    expect(reason({ p: { list: [1, { s: Symbol('x') }] } })).toBe(
      'p.list[1].s: symbol cannot be sent as JSON',
    )
    expect(reason(JSON.parse('{"p":{"__proto__":{"x":1}}}'))).toMatch(
      /^p.__proto__: key over 256 characters or __proto__$/,
    )
    expect(reason({ p: { ['k'.repeat(257)]: 1 } })).toMatch(/^p.kkk+: key over 256 characters/)
  })

  it('lets JSON convert what it converts, as every JSON client does', () => {
    const message = { n: Number.NaN, list: [undefined], m: new Map() }
    expect(toJson(message)).toBe('{"n":null,"list":[null],"m":{}}')
  })

  it('rejects cycles and nesting deeper than 16 levels, like the collector', () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(reason({ p: cycle })).toMatch(/^object contains itself/)
    expect(toJson({ properties: nest(16) })).toContain('leaf')
    expect(checkJsonValue({ properties: nest(16) })).toEqual([])
    expect(reason({ properties: nest(17) })).toMatch(
      /^properties(\.\w+){16}: nested deeper than 16 levels$/,
    )
    expect(checkJsonValue({ properties: nest(17) })[0]?.code).toBe('too_deep')
  })
})
