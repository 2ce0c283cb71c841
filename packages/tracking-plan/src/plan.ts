import { z } from 'zod'
import { NAMING_CONVENTIONS } from './naming.js'

/** Largest plan, as UTF-8 bytes of its JSON: a plan is configuration, read at every start. */
export const MAX_PLAN_BYTES = 1024 * 1024
/** Most events in one plan. */
export const MAX_PLAN_EVENTS = 2000
/** Deepest nesting of JSON Schema inside one event's schema (a message nests at most 16 levels). */
export const MAX_SCHEMA_DEPTH = 32
/** Longest event description. */
export const MAX_DESCRIPTION_LENGTH = 2000

/** What the collector does with an unplanned event or with an event that breaks the plan. */
export const PLAN_POLICIES = ['allow', 'flag', 'block'] as const
export type PlanPolicy = (typeof PLAN_POLICIES)[number]

/**
 * One JSON Schema (draft 2020-12, the supported keywords only: {@link SUPPORTED_KEYWORDS}). Checked
 * keyword by keyword at start-up by `parseTrackingPlan`, not by zod.
 */
export type JsonSchema = boolean | { [keyword: string]: unknown }

const objectSchema = z.record(z.string(), z.unknown(), {
  error: 'expected a JSON Schema object',
})

const planEventSchema = z.strictObject({
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  /** JSON Schema of the call's `properties`. Absent: any properties. */
  properties: objectSchema.optional(),
})

const traitsCallSchema = z.strictObject({
  /** JSON Schema of the call's `traits`. Absent: any traits. */
  traits: objectSchema.optional(),
})

const propertiesCallSchema = z.strictObject({
  /** JSON Schema of every page (or screen) call's `properties`. */
  properties: objectSchema.optional(),
})

/** The plan file: a source's events, their properties, traits, naming convention and policies. */
export const trackingPlanSchema = z.strictObject({
  name: z.string().min(1).max(256),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  naming: z
    .strictObject({
      events: z.enum(NAMING_CONVENTIONS).optional(),
      properties: z.enum(NAMING_CONVENTIONS).optional(),
    })
    .optional(),
  /** Track calls whose event is not in `events`. */
  unplanned: z.enum(PLAN_POLICIES).default('flag'),
  /** Events that break their schema or the naming convention. */
  violations: z.enum(PLAN_POLICIES).default('flag'),
  events: z.record(z.string().min(1).max(256), planEventSchema).default({}),
  identify: traitsCallSchema.optional(),
  group: traitsCallSchema.optional(),
  page: propertiesCallSchema.optional(),
  screen: propertiesCallSchema.optional(),
})

/** A plan as the file has it (policies and `events` optional). */
export type TrackingPlanInput = z.input<typeof trackingPlanSchema>
/** A parsed plan: policies and `events` filled in. */
export type TrackingPlan = z.output<typeof trackingPlanSchema>
export type PlanEvent = z.output<typeof planEventSchema>
