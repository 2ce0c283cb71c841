import { deepCompareStrict, format, ucs2length, Validator } from '@cfworker/json-schema'
import type { JsonSchema } from './plan.js'

/** Whether a value follows a schema: the checker's fast path, built once per schema. */
export type FastCheck = (value: unknown) => boolean

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const yes: FastCheck = () => true
const no: FastCheck = () => false

/**
 * Compiles a schema of the supported keywords (checked at start-up: `checkPlanSchema`) into
 * closures: no generated code (`eval`, `new Function`), so it runs on workerd, and none of a
 * general validator's per-call work (instance locations, annotation bookkeeping, regular
 * expressions built per call). It only says valid or not; the full validator
 * (`@cfworker/json-schema`) says why, and only for the events this one finds invalid. Its
 * semantics are the full validator's (a property test holds them to it).
 */
export function compileFastCheck(schema: JsonSchema): FastCheck {
  const root = isObject(schema) ? schema : {}
  const defs = isObject(root.$defs) ? root.$defs : {}
  const compiled = new Map<string, FastCheck>()
  const ref = (name: string): FastCheck => {
    let check = compiled.get(name)
    if (!check) {
      // A placeholder first: a definition compiled through its own references (none reach here,
      // cycles are refused at start-up) would still find one.
      let inner: FastCheck = yes
      compiled.set(name, (v) => inner(v))
      inner = compile(defs[name] as JsonSchema, ref)
      check = inner
      compiled.set(name, inner)
    }
    return check
  }
  return compile(schema, ref)
}

function compile(schema: JsonSchema, ref: (name: string) => FastCheck): FastCheck {
  if (schema === true) return yes
  if (schema === false) return no
  const s = schema as Json
  const checks: FastCheck[] = []
  const sub = (value: unknown) => compile(value as JsonSchema, ref)

  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[]
    checks.push((v) => types.some((t) => hasType(v, t)))
  }
  if (s.enum !== undefined) {
    const values = s.enum as unknown[]
    checks.push((v) => values.some((e) => deepCompareStrict(v, e)))
  }
  if ('const' in s) {
    const value = s.const
    checks.push((v) => deepCompareStrict(v, value))
  }
  if (typeof s.$ref === 'string') {
    const name = s.$ref.slice('#/$defs/'.length).replaceAll('~1', '/').replaceAll('~0', '~')
    let target: FastCheck | undefined
    checks.push((v) => {
      target ??= ref(name)
      return target(v)
    })
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[keyword]
    if (!Array.isArray(list)) continue
    const subs = list.map(sub)
    if (keyword === 'allOf') checks.push((v) => subs.every((c) => c(v)))
    else if (keyword === 'anyOf') checks.push((v) => subs.some((c) => c(v)))
    else checks.push((v) => subs.filter((c) => c(v)).length === 1)
  }
  if (s.not !== undefined) {
    const not = sub(s.not)
    checks.push((v) => !not(v))
  }
  const object = objectCheck(s, sub)
  if (object) checks.push((v) => !isObject(v) || object(v))
  const array = arrayCheck(s, sub)
  if (array) checks.push((v) => !Array.isArray(v) || array(v))
  const string = stringCheck(s)
  if (string) checks.push((v) => typeof v !== 'string' || string(v))
  const number = numberCheck(s)
  if (number) checks.push((v) => typeof v !== 'number' || number(v))

  if (checks.length === 0) return yes
  if (checks.length === 1) return checks[0] as FastCheck
  return (v) => {
    for (const check of checks) if (!check(v)) return false
    return true
  }
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(v)
    case 'array':
      return Array.isArray(v)
    case 'null':
      return v === null
    case 'integer':
      return typeof v === 'number' && v % 1 === 0
    default:
      return typeof v === type
  }
}

function objectCheck(s: Json, sub: (v: unknown) => FastCheck): ((v: Json) => boolean) | undefined {
  const checks: ((v: Json) => boolean)[] = []
  const required = Array.isArray(s.required) ? (s.required as string[]) : []
  if (required.length > 0) checks.push((v) => required.every((key) => Object.hasOwn(v, key)))
  const { minProperties, maxProperties } = s
  if (typeof minProperties === 'number') checks.push((v) => Object.keys(v).length >= minProperties)
  if (typeof maxProperties === 'number') checks.push((v) => Object.keys(v).length <= maxProperties)
  const properties = new Map(
    Object.entries(isObject(s.properties) ? s.properties : {}).map(([k, p]) => [k, sub(p)]),
  )
  const patterns = Object.entries(isObject(s.patternProperties) ? s.patternProperties : {}).map(
    ([p, schema]) => [new RegExp(p, 'u'), sub(schema)] as const,
  )
  const additional = s.additionalProperties === undefined ? undefined : sub(s.additionalProperties)
  const names = s.propertyNames === undefined ? undefined : sub(s.propertyNames)
  if (properties.size > 0 || patterns.length > 0 || additional || names) {
    checks.push((v) => {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue
        if (names && !names(key)) return false
        const value = v[key]
        const own = properties.get(key)
        let matched = own !== undefined
        if (own && !own(value)) return false
        for (const [pattern, check] of patterns) {
          if (!pattern.test(key)) continue
          matched = true
          if (!check(value)) return false
        }
        if (!matched && additional && !additional(value)) return false
      }
      return true
    })
  }
  return combine(checks)
}

function arrayCheck(
  s: Json,
  sub: (v: unknown) => FastCheck,
): ((v: unknown[]) => boolean) | undefined {
  const checks: ((v: unknown[]) => boolean)[] = []
  const { minItems, maxItems } = s
  if (typeof minItems === 'number') checks.push((v) => v.length >= minItems)
  if (typeof maxItems === 'number') checks.push((v) => v.length <= maxItems)
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.map(sub) : []
  const items = s.items === undefined ? undefined : sub(s.items)
  if (prefix.length > 0 || items) {
    checks.push((v) => {
      for (let i = 0; i < v.length; i++) {
        const check = i < prefix.length ? prefix[i] : items
        if (check && !check(v[i])) return false
      }
      return true
    })
  }
  if (s.uniqueItems === true) {
    checks.push((v) => {
      for (let i = 0; i < v.length; i++)
        for (let j = i + 1; j < v.length; j++) if (deepCompareStrict(v[i], v[j])) return false
      return true
    })
  }
  return combine(checks)
}

function stringCheck(s: Json): ((v: string) => boolean) | undefined {
  const checks: ((v: string) => boolean)[] = []
  const { minLength, maxLength } = s
  if (typeof minLength === 'number') checks.push((v) => ucs2length(v) >= minLength)
  if (typeof maxLength === 'number') checks.push((v) => ucs2length(v) <= maxLength)
  if (typeof s.pattern === 'string') {
    const pattern = new RegExp(s.pattern, 'u')
    checks.push((v) => pattern.test(v))
  }
  const check = typeof s.format === 'string' ? format[s.format] : undefined
  if (check) checks.push(check)
  return combine(checks)
}

function numberCheck(s: Json): ((v: number) => boolean) | undefined {
  const checks: ((v: number) => boolean)[] = []
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = s
  if (typeof minimum === 'number') checks.push((v) => v >= minimum)
  if (typeof maximum === 'number') checks.push((v) => v <= maximum)
  if (typeof exclusiveMinimum === 'number') checks.push((v) => v > exclusiveMinimum)
  if (typeof exclusiveMaximum === 'number') checks.push((v) => v < exclusiveMaximum)
  if (typeof multipleOf === 'number') {
    // Rare, and exact decimal arithmetic: the full validator's own rule.
    const validator = new Validator({ multipleOf }, '2020-12', true)
    checks.push((v) => validator.validate(v).valid)
  }
  return combine(checks)
}

function combine<T>(checks: ((v: T) => boolean)[]): ((v: T) => boolean) | undefined {
  if (checks.length === 0) return undefined
  if (checks.length === 1) return checks[0]
  return (v) => {
    for (const check of checks) if (!check(v)) return false
    return true
  }
}
