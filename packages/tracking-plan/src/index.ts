export type { CheckedMessage, PlanAction, PlanVerdict, Violation, ViolationCode } from './check.js'
export { checkEvent, compileTrackingPlan, enforcePlan, VIOLATION_CODES } from './check.js'
export type { TrackingPlanErrorCode, TrackingPlanErrorDetail } from './errors.js'
export { TRACKING_PLAN_ERROR_CODES, TrackingPlanError } from './errors.js'
export { SUPPORTED_FORMATS, SUPPORTED_KEYWORDS } from './json-schema.js'
export type { NamingConvention } from './naming.js'
export { followsConvention, NAMING_CONVENTIONS } from './naming.js'
export type { ParseTrackingPlanOptions } from './parse.js'
export { parseTrackingPlan } from './parse.js'
export type { JsonSchema, PlanEvent, PlanPolicy, TrackingPlan, TrackingPlanInput } from './plan.js'
export {
  MAX_PLAN_BYTES,
  MAX_PLAN_EVENTS,
  MAX_SCHEMA_DEPTH,
  PLAN_POLICIES,
  trackingPlanSchema,
} from './plan.js'
