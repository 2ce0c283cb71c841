import { formatPath } from '@clickstream/schema/lite'
import { TrackingPlanError, type TrackingPlanErrorCode } from './errors.js'
import { type JsonSchema, MAX_SCHEMA_DEPTH } from './plan.js'

/** JSON Schema's instance types. */
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])

/** The `format`s the checker knows (`@cfworker/json-schema`'s, less the rarely useful ones). */
export const SUPPORTED_FORMATS = [
  'date',
  'time',
  'date-time',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'uuid',
] as const
const FORMATS: ReadonlySet<string> = new Set(SUPPORTED_FORMATS)

/** Where a schema sits, for errors: the plan, the event, the path inside the event's schema. */
interface Walk {
  plan: string
  event: string
  /** `$defs` names of the schema's root. */
  defs: ReadonlySet<string>
  /** `$ref` targets met, by the `$defs` entry they were met in (`''` outside any). */
  refs: Map<string, Set<string>>
  /** The `$defs` entry being walked (`''` outside). */
  inDef: string
}

type Path = (string | number)[]

function fail(
  walk: Walk,
  code: TrackingPlanErrorCode,
  path: Path,
  keyword: string,
  reason: string,
): never {
  throw new TrackingPlanError(
    code,
    { plan: walk.plan, event: walk.event, keyword, path: formatPath(path) },
    reason,
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

type KeywordCheck = (walk: Walk, value: unknown, path: Path, depth: number) => void

const nonNegativeInteger: KeywordCheck = (walk, value, path) => {
  if (!Number.isInteger(value) || (value as number) < 0) {
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be a non-negative integer')
  }
}

const finiteNumber: KeywordCheck = (walk, value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be a number')
  }
}

const annotation: KeywordCheck = () => {}

const text: KeywordCheck = (walk, value, path) => {
  if (typeof value !== 'string')
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be a string')
}

const flag: KeywordCheck = (walk, value, path) => {
  if (typeof value !== 'boolean')
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be true or false')
}

const subschema: KeywordCheck = (walk, value, path, depth) =>
  checkNode(walk, value, path, depth + 1)

const schemaList: KeywordCheck = (walk, value, path, depth) => {
  if (!Array.isArray(value) || value.length === 0) {
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be a non-empty array of schemas')
  }
  for (const [i, item] of value.entries()) checkNode(walk, item, [...path, i], depth + 1)
}

const schemaMap: KeywordCheck = (walk, value, path, depth) => {
  if (!isObject(value))
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be an object of schemas')
  for (const [key, item] of Object.entries(value)) checkNode(walk, item, [...path, key], depth + 1)
}

function keywordOf(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const part = path[i]
    if (typeof part === 'string' && part in KEYWORDS) return part
  }
  return String(path[path.length - 1] ?? '')
}

function validPattern(source: string): boolean {
  try {
    new RegExp(source, 'u')
    return true
  } catch {
    return false
  }
}

/**
 * The supported keywords and the check of each one's value. Anything else is rejected at start-up
 * (`unsupported_keyword`): `if`/`then`/`else`, `unevaluated*`, `dependent*`, `contains`, `$id`,
 * `$anchor`, `$dynamicRef` — and typos such as `requried`, which would otherwise check nothing.
 */
const KEYWORDS: Record<string, KeywordCheck> = {
  type: (walk, value, path) => {
    const types = Array.isArray(value) ? value : [value]
    if (types.length === 0 || types.some((t) => typeof t !== 'string' || !TYPES.has(t))) {
      fail(
        walk,
        'invalid_schema',
        path,
        'type',
        `must be one of ${[...TYPES].join(', ')} (or an array of them)`,
      )
    }
    if (new Set(types).size !== types.length)
      fail(walk, 'invalid_schema', path, 'type', 'lists a type twice')
  },
  properties: schemaMap,
  patternProperties: (walk, value, path, depth) => {
    schemaMap(walk, value, path, depth)
    for (const key of Object.keys(value as object)) {
      if (!validPattern(key))
        fail(
          walk,
          'invalid_schema',
          [...path, key],
          'patternProperties',
          'is not a valid regular expression',
        )
    }
  },
  additionalProperties: subschema,
  propertyNames: subschema,
  required: (walk, value, path) => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      fail(walk, 'invalid_schema', path, 'required', 'must be an array of property names')
    }
    if (new Set(value).size !== value.length)
      fail(walk, 'invalid_schema', path, 'required', 'lists a property twice')
  },
  minProperties: nonNegativeInteger,
  maxProperties: nonNegativeInteger,
  items: (walk, value, path, depth) => {
    if (Array.isArray(value))
      fail(
        walk,
        'unsupported_keyword',
        path,
        'items',
        'an array of schemas is draft 7: use prefixItems',
      )
    checkNode(walk, value, path, depth + 1)
  },
  prefixItems: schemaList,
  minItems: nonNegativeInteger,
  maxItems: nonNegativeInteger,
  uniqueItems: flag,
  enum: (walk, value, path) => {
    if (!Array.isArray(value) || value.length === 0)
      fail(walk, 'invalid_schema', path, 'enum', 'must be a non-empty array')
  },
  const: annotation,
  format: (walk, value, path) => {
    if (typeof value !== 'string' || !FORMATS.has(value)) {
      fail(walk, 'invalid_schema', path, 'format', `must be one of ${SUPPORTED_FORMATS.join(', ')}`)
    }
  },
  pattern: (walk, value, path) => {
    if (typeof value !== 'string' || !validPattern(value)) {
      fail(walk, 'invalid_schema', path, 'pattern', 'must be a valid regular expression')
    }
  },
  minLength: nonNegativeInteger,
  maxLength: nonNegativeInteger,
  minimum: finiteNumber,
  maximum: finiteNumber,
  exclusiveMinimum: finiteNumber,
  exclusiveMaximum: finiteNumber,
  multipleOf: (walk, value, path) => {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      fail(walk, 'invalid_schema', path, 'multipleOf', 'must be a number above 0')
    }
  },
  anyOf: schemaList,
  oneOf: schemaList,
  allOf: schemaList,
  not: subschema,
  $ref: (walk, value, path) => {
    if (typeof value !== 'string') fail(walk, 'invalid_schema', path, '$ref', 'must be a string')
    const name = refTarget(value)
    if (name === undefined) {
      fail(
        walk,
        'unresolved_ref',
        path,
        '$ref',
        `${JSON.stringify(value)} must point into the schema's own $defs (#/$defs/<name>)`,
      )
    }
    if (!walk.defs.has(name))
      fail(
        walk,
        'unresolved_ref',
        path,
        '$ref',
        `${JSON.stringify(value)}: no $defs entry ${JSON.stringify(name)}`,
      )
    let met = walk.refs.get(walk.inDef)
    if (met === undefined) {
      met = new Set()
      walk.refs.set(walk.inDef, met)
    }
    met.add(name)
  },
  // $defs is walked by checkRoot (only at an event schema's root); here it is misplaced.
  $defs: (walk, _value, path) =>
    fail(
      walk,
      'unsupported_keyword',
      path,
      '$defs',
      'is supported only at the root of an event schema',
    ),
  $schema: (walk, value, path) => {
    if (value !== 'https://json-schema.org/draft/2020-12/schema') {
      fail(
        walk,
        'unsupported_keyword',
        path,
        '$schema',
        'only draft 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported',
      )
    }
  },
  title: text,
  description: text,
  $comment: text,
  default: annotation,
  examples: (walk, value, path) => {
    if (!Array.isArray(value)) fail(walk, 'invalid_schema', path, 'examples', 'must be an array')
  },
  deprecated: flag,
}

/** The JSON Schema keywords a plan may use. */
export const SUPPORTED_KEYWORDS: readonly string[] = Object.keys(KEYWORDS)

const REF_PREFIX = '#/$defs/'

function refTarget(ref: string): string | undefined {
  if (!ref.startsWith(REF_PREFIX)) return undefined
  const name = ref.slice(REF_PREFIX.length).replaceAll('~1', '/').replaceAll('~0', '~')
  return name === '' || name.includes('/') ? undefined : name
}

function checkNode(walk: Walk, node: unknown, path: Path, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH) {
    fail(
      walk,
      'invalid_schema',
      path,
      keywordOf(path),
      `schemas nest deeper than ${MAX_SCHEMA_DEPTH} levels`,
    )
  }
  if (typeof node === 'boolean') return
  if (!isObject(node))
    fail(walk, 'invalid_schema', path, keywordOf(path), 'must be a schema (an object or a boolean)')
  for (const [keyword, value] of Object.entries(node)) {
    const check = KEYWORDS[keyword]
    if (check === undefined) {
      fail(
        walk,
        'unsupported_keyword',
        [...path, keyword],
        keyword,
        `unsupported keyword ${JSON.stringify(keyword)} (supported: ${SUPPORTED_KEYWORDS.join(', ')})`,
      )
    }
    check(walk, value, [...path, keyword], depth)
  }
}

/**
 * Checks one schema of a plan (an event's `properties`, identify's `traits`, …) at start-up: its
 * root is an object schema, every keyword is supported and well formed, every `$ref` points into
 * the root's `$defs` and no `$ref`s lead in a circle. Throws a {@link TrackingPlanError} naming the
 * plan, the event and the keyword.
 */
export function checkPlanSchema(
  plan: string,
  event: string,
  field: string,
  schema: Record<string, unknown>,
): JsonSchema {
  const { $defs, ...rest } = schema
  const defs = $defs === undefined ? {} : $defs
  const walk: Walk = { plan, event, defs: new Set(), refs: new Map(), inDef: '' }
  if (!isObject(defs))
    fail(walk, 'invalid_schema', [field, '$defs'], '$defs', 'must be an object of schemas')
  walk.defs = new Set(Object.keys(defs))
  if (rest.type !== undefined && rest.type !== 'object') {
    fail(
      walk,
      'invalid_schema',
      [field, 'type'],
      'type',
      `the ${field} of a call are an object: type must be "object"`,
    )
  }
  checkNode(walk, rest, [field], 0)
  for (const [name, def] of Object.entries(defs)) {
    walk.inDef = name
    checkNode(walk, def, [field, '$defs', name], 1)
  }
  const cycle = findCycle(walk.refs)
  if (cycle !== undefined) {
    fail(
      walk,
      'ref_cycle',
      [field, '$defs', cycle[0] as string],
      '$ref',
      `$ref cycle: ${cycle.map((n) => `#/$defs/${n}`).join(' → ')}`,
    )
  }
  return schema
}

/** The first circle in the `$defs` reference graph, as the names along it (first repeated last). */
function findCycle(refs: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>()
  const visit = (name: string, trail: string[]): string[] | undefined => {
    const at = trail.indexOf(name)
    if (at >= 0) return [...trail.slice(at), name]
    if (done.has(name)) return undefined
    for (const next of refs.get(name) ?? []) {
      const found = visit(next, [...trail, name])
      if (found) return found
    }
    done.add(name)
    return undefined
  }
  for (const name of refs.keys()) {
    if (name === '') continue
    const found = visit(name, [])
    if (found) return found
  }
  return undefined
}
