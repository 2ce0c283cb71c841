import { formatPath, utf8Length } from '@clickstream/schema/lite'
import type { z } from 'zod'
import { compileTrackingPlan } from './check.js'
import { TrackingPlanError } from './errors.js'
import { checkPlanSchema } from './json-schema.js'
import { followsConvention } from './naming.js'
import { MAX_PLAN_BYTES, MAX_PLAN_EVENTS, type TrackingPlan, trackingPlanSchema } from './plan.js'

export interface ParseTrackingPlanOptions {
  /** Where the plan comes from, for errors: the source id, the file path, the parameter name. */
  name: string
}

/**
 * Reads and checks a tracking plan at start-up: JSON text (a file, a parameter, a variable) or an
 * already parsed value (inline in a source). Checks the plan's fields, its size, every JSON Schema
 * (supported keywords only, well-formed values, `$ref`s into the schema's own `$defs` without
 * cycles) and that its own names follow its naming convention, then builds its validators.
 * Throws a {@link TrackingPlanError} naming the plan, the event and the keyword.
 */
export function parseTrackingPlan(
  input: unknown,
  { name }: ParseTrackingPlanOptions,
): TrackingPlan {
  const at = { plan: name, path: '' }
  let json = input
  if (typeof input === 'string') {
    const bytes = utf8Length(input)
    if (bytes > MAX_PLAN_BYTES) {
      throw new TrackingPlanError(
        'too_large',
        at,
        `${bytes} bytes is larger than the ${MAX_PLAN_BYTES}-byte plan limit`,
      )
    }
    try {
      json = JSON.parse(input)
    } catch (error) {
      throw new TrackingPlanError('not_json', at, `not JSON: ${(error as Error).message}`)
    }
  } else {
    let text: string | undefined
    try {
      text = JSON.stringify(input)
    } catch (error) {
      throw new TrackingPlanError('not_json', at, `not JSON data: ${(error as Error).message}`)
    }
    const bytes = text === undefined ? 0 : utf8Length(text)
    if (bytes > MAX_PLAN_BYTES) {
      throw new TrackingPlanError(
        'too_large',
        at,
        `${bytes} bytes is larger than the ${MAX_PLAN_BYTES}-byte plan limit`,
      )
    }
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const events = (json as { events?: unknown }).events
    const count = typeof events === 'object' && events !== null ? Object.keys(events).length : 0
    if (count > MAX_PLAN_EVENTS) {
      throw new TrackingPlanError(
        'too_large',
        { ...at, keyword: 'events', path: 'events' },
        `${count} events is more than the ${MAX_PLAN_EVENTS} a plan may have`,
      )
    }
  }
  const parsed = trackingPlanSchema.safeParse(json)
  if (!parsed.success) throw planFieldError(name, parsed.error.issues[0] as z.core.$ZodIssue)
  const plan = parsed.data
  const schemas: [event: string, field: string, schema: Record<string, unknown> | undefined][] = [
    ...Object.entries(plan.events).map(
      ([event, e]): [string, string, Record<string, unknown> | undefined] => [
        event,
        'properties',
        e.properties,
      ],
    ),
    ['identify', 'traits', plan.identify?.traits],
    ['group', 'traits', plan.group?.traits],
    ['page', 'properties', plan.page?.properties],
    ['screen', 'properties', plan.screen?.properties],
  ]
  const eventNaming = plan.naming?.events
  if (eventNaming !== undefined) {
    for (const event of Object.keys(plan.events)) {
      if (!followsConvention(event, eventNaming)) {
        throw new TrackingPlanError(
          'naming_convention',
          { plan: name, event, keyword: 'naming', path: '' },
          `the event name is not ${eventNaming}, the plan's naming.events`,
        )
      }
    }
  }
  const propertyNaming = plan.naming?.properties
  for (const [event, field, schema] of schemas) {
    if (schema === undefined) continue
    checkPlanSchema(name, event, field, schema)
    const properties = schema.properties
    if (propertyNaming === undefined || typeof properties !== 'object' || properties === null)
      continue
    for (const key of Object.keys(properties)) {
      if (!followsConvention(key, propertyNaming)) {
        throw new TrackingPlanError(
          'naming_convention',
          { plan: name, event, keyword: 'naming', path: formatPath([field, 'properties', key]) },
          `${JSON.stringify(key)} is not ${propertyNaming}, the plan's naming.properties`,
        )
      }
    }
  }
  compileTrackingPlan(plan)
  return plan
}

function planFieldError(plan: string, zi: z.core.$ZodIssue): TrackingPlanError {
  const path = zi.path.map(String)
  const keys = zi.code === 'unrecognized_keys' ? zi.keys : []
  const event =
    path[0] === 'events'
      ? path[1]
      : ['identify', 'group', 'page', 'screen'].includes(path[0] ?? '')
        ? path[0]
        : undefined
  const rest = path[0] === 'events' ? path.slice(2) : event === undefined ? path : path.slice(1)
  const keyword = keys[0] ?? rest[rest.length - 1]
  const reason =
    keys.length > 0 ? `unknown field ${keys.map((k) => JSON.stringify(k)).join(', ')}` : zi.message
  return new TrackingPlanError(
    'invalid_plan',
    {
      plan,
      ...(event === undefined ? {} : { event }),
      ...(keyword === undefined ? {} : { keyword }),
      path: formatPath(rest),
    },
    reason,
  )
}
