import { type OutputUnit, Validator } from '@cfworker/json-schema'
import type { Issue, IssueCode } from '@clickstream/schema'
import { describeType, issue, MAX_ISSUES_PER_MESSAGE } from '@clickstream/schema/lite'
import { followsConvention, type NamingConvention } from './naming.js'
import type { JsonSchema, PlanPolicy, TrackingPlan } from './plan.js'

/**
 * One way an event breaks its plan: the field path (`properties.items[0].sku`, the collector's
 * issue paths), a code and a sentence naming the field. The collector's `Issue`: a blocked
 * event's reasons are the same as an invalid one's.
 */
export type Violation = Issue

/** The codes a violation can have: a part of the collector's issue codes. */
export const VIOLATION_CODES = [
  'unplanned_event',
  'naming_convention',
  'required',
  'invalid_type',
  'not_allowed',
  'not_in_enum',
  'invalid_format',
  'out_of_range',
  'no_match',
  'invalid_value',
] as const satisfies readonly IssueCode[]
export type ViolationCode = (typeof VIOLATION_CODES)[number]

/** The parts of a message the checker reads (a validated `Message` has them). */
export interface CheckedMessage {
  type: string
  event?: unknown
  properties?: unknown
  traits?: unknown
}

/** A schema's two validators: a short-circuiting one for the common, valid case, a full one to say why. */
interface Checker {
  quick: Validator
  full: Validator
}

interface CompiledPlan {
  events: Map<string, Checker | undefined>
  identify: Checker | undefined
  group: Checker | undefined
  page: Checker | undefined
  screen: Checker | undefined
  eventNaming: NamingConvention | undefined
  propertyNaming: NamingConvention | undefined
}

const compiled = new WeakMap<TrackingPlan, CompiledPlan>()

function checker(schema: JsonSchema | undefined): Checker | undefined {
  if (schema === undefined) return undefined
  // The validator annotates the schema it is given: it gets copies, the plan stays as it was.
  return {
    quick: new Validator(structuredClone(schema), '2020-12', true),
    full: new Validator(structuredClone(schema), '2020-12', false),
  }
}

/**
 * The plan's validators, built once per plan object (interpreted, never generated code: no `eval`
 * or `new Function`, so it runs on workerd). `parseTrackingPlan` calls it at start-up.
 */
export function compileTrackingPlan(plan: TrackingPlan): void {
  if (compiled.has(plan)) return
  compiled.set(plan, {
    events: new Map(
      Object.entries(plan.events).map(([name, event]) => [name, checker(event.properties)]),
    ),
    identify: checker(plan.identify?.traits),
    group: checker(plan.group?.traits),
    page: checker(plan.page?.properties),
    screen: checker(plan.screen?.properties),
    eventNaming: plan.naming?.events,
    propertyNaming: plan.naming?.properties,
  })
}

function compiledOf(plan: TrackingPlan): CompiledPlan {
  compileTrackingPlan(plan)
  return compiled.get(plan) as CompiledPlan
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Every way `message` breaks `plan` (at most 20): an unplanned track event, names against the
 * naming convention (a track call's event name; the top-level keys of `properties` or `traits`),
 * and the JSON Schema of its properties (track, page, screen) or traits (identify, group).
 * Alias calls are never checked. `[]` when the message follows the plan.
 */
export function checkEvent(plan: TrackingPlan, message: CheckedMessage): Violation[] {
  const c = compiledOf(plan)
  const out: Violation[] = []
  let field: 'properties' | 'traits' = 'properties'
  let schema: Checker | undefined
  switch (message.type) {
    case 'track': {
      const event = typeof message.event === 'string' ? message.event : ''
      if (c.eventNaming !== undefined && !followsConvention(event, c.eventNaming)) {
        out.push(
          issue(['event'], 'naming_convention', `${JSON.stringify(event)} is not ${c.eventNaming}`),
        )
      }
      if (!c.events.has(event)) {
        out.push(
          issue(
            ['event'],
            'unplanned_event',
            `${JSON.stringify(event)} is not in the tracking plan`,
          ),
        )
      }
      schema = c.events.get(event)
      break
    }
    case 'page':
    case 'screen':
      schema = c[message.type]
      break
    case 'identify':
    case 'group':
      field = 'traits'
      schema = c[message.type]
      break
    default:
      return out
  }
  const value = message[field]
  if (c.propertyNaming !== undefined && isObject(value)) {
    for (const key of Object.keys(value)) {
      if (out.length >= MAX_ISSUES_PER_MESSAGE) return out
      if (!followsConvention(key, c.propertyNaming)) {
        out.push(
          issue(
            [field, key],
            'naming_convention',
            `${JSON.stringify(key)} is not ${c.propertyNaming}`,
          ),
        )
      }
    }
  }
  if (schema !== undefined) {
    // An absent properties/traits object is checked as an empty one: required properties are missing.
    const instance = value === undefined || value === null ? {} : value
    if (!schema.quick.validate(instance).valid) {
      const errors = schema.full.validate(instance).errors
      for (const violation of toViolations(errors, field, instance)) {
        if (out.length >= MAX_ISSUES_PER_MESSAGE) break
        out.push(violation)
      }
    }
  }
  return out
}

/** Keywords whose errors only say that a subschema failed: the subschema's own errors say why. */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
  'items',
  'prefixItems',
  '$ref',
  'allOf',
])

/** Keywords whose subschemas' errors are alternatives, not faults: only the keyword's own error counts. */
const CHOICES = new Set(['anyOf', 'oneOf', 'not'])

const CODES: Record<string, ViolationCode> = {
  required: 'required',
  type: 'invalid_type',
  false: 'not_allowed',
  enum: 'not_in_enum',
  const: 'not_in_enum',
  format: 'invalid_format',
  pattern: 'invalid_format',
  minimum: 'out_of_range',
  maximum: 'out_of_range',
  exclusiveMinimum: 'out_of_range',
  exclusiveMaximum: 'out_of_range',
  multipleOf: 'out_of_range',
  minLength: 'out_of_range',
  maxLength: 'out_of_range',
  minItems: 'out_of_range',
  maxItems: 'out_of_range',
  minProperties: 'out_of_range',
  maxProperties: 'out_of_range',
  anyOf: 'no_match',
  oneOf: 'no_match',
  not: 'no_match',
}

function* toViolations(
  errors: OutputUnit[],
  field: string,
  instance: unknown,
): Generator<Violation> {
  const choices: string[] = []
  for (const error of errors) {
    if (WRAPPERS.has(error.keyword)) continue
    if (choices.some((at) => error.keywordLocation.startsWith(at))) continue
    if (CHOICES.has(error.keyword)) choices.push(`${error.keywordLocation}/`)
    const [path, value] = resolve(field, instance, error.instanceLocation)
    const code = CODES[error.keyword] ?? 'invalid_value'
    switch (error.keyword) {
      case 'required': {
        const missing = /"(.*)"\.$/.exec(error.error)?.[1] ?? ''
        yield issue([...path, missing], code, 'is required by the tracking plan')
        break
      }
      case 'type':
        yield issue(
          path,
          code,
          `expected ${/Expected (.*)\.$/.exec(error.error)?.[1]?.replaceAll('"', '')}, got ${describeType(value)}`,
        )
        break
      case 'false':
        yield issue(path, code, 'is not in the tracking plan')
        break
      default:
        yield issue(
          path,
          code,
          `${error.error.replace(/^Instance /, '').replace(/\.$/, '')} (${error.keyword})`,
        )
    }
  }
}

/** A validator's instance location (`#/items/0/sku`) as a path from the message root, and the value there. */
function resolve(
  field: string,
  instance: unknown,
  location: string,
): [(string | number)[], unknown] {
  const path: (string | number)[] = [field]
  let value = instance
  if (location === '#') return [path, value]
  for (const raw of location.slice(2).split('/')) {
    const part = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(value)) {
      const index = Number(part)
      path.push(index)
      value = value[index]
    } else {
      path.push(part)
      value = isObject(value) ? value[part] : undefined
    }
  }
  return [path, value]
}

/** What the collector does with one event: keep it as it is, keep it and record why, or reject it. */
export type PlanAction = 'keep' | 'flag' | 'block'

export interface PlanVerdict {
  action: PlanAction
  /** The violations the plan's policies do not `allow` (empty when `keep`). */
  violations: Violation[]
}

const RANK: Record<PlanPolicy, number> = { allow: 0, flag: 1, block: 2 }
const ACTIONS: PlanAction[] = ['keep', 'flag', 'block']

/**
 * {@link checkEvent} with the plan's policies applied: `unplanned` for an unplanned event,
 * `violations` for the rest. The strictest policy among the violations wins; `allow`ed ones are
 * dropped.
 */
export function enforcePlan(plan: TrackingPlan, message: CheckedMessage): PlanVerdict {
  const all = checkEvent(plan, message)
  if (all.length === 0) return { action: 'keep', violations: all }
  let rank = 0
  const violations: Violation[] = []
  for (const violation of all) {
    const policy = violation.code === 'unplanned_event' ? plan.unplanned : plan.violations
    if (policy === 'allow') continue
    violations.push(violation)
    rank = Math.max(rank, RANK[policy])
  }
  return { action: ACTIONS[rank] as PlanAction, violations }
}
