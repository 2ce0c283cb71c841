/** What is wrong with a tracking plan, as a machine-readable code. A closed set. */
export const TRACKING_PLAN_ERROR_CODES = [
  /** The plan is not JSON text. */
  'not_json',
  /** The plan is larger than {@link MAX_PLAN_BYTES} or has more than {@link MAX_PLAN_EVENTS} events. */
  'too_large',
  /** The plan's own fields are wrong: a missing `name`, an unknown policy, an unknown top-level key. */
  'invalid_plan',
  /** A JSON Schema keyword with a value JSON Schema does not allow (`"type": "strnig"`, `"required": "id"`). */
  'invalid_schema',
  /** A JSON Schema keyword outside the supported list (`if`, `unevaluatedProperties`, a typo). */
  'unsupported_keyword',
  /** A `$ref` that points outside the schema's own `$defs`, or at a definition that does not exist. */
  'unresolved_ref',
  /** `$ref`s that lead back to where they started. */
  'ref_cycle',
  /** A planned event name or property key that breaks the plan's own naming convention. */
  'naming_convention',
] as const

export type TrackingPlanErrorCode = (typeof TRACKING_PLAN_ERROR_CODES)[number]

/** Where in a plan an error is: the event (or `identify`, `group`, `page`, `screen`) and the keyword. */
export interface TrackingPlanErrorDetail {
  /** The name the plan was loaded under (`parseTrackingPlan`'s `name`: the source, the file). */
  plan: string
  /** `Order Completed`, `identify`, `group`, `page`, `screen`; absent for the plan as a whole. */
  event?: string
  /** The JSON Schema keyword or plan field at fault (`type`, `$ref`, `unplanned`). */
  keyword?: string
  /** Dotted path inside the event's schema (`properties.total.type`); `` for the plan as a whole. */
  path: string
}

/** A tracking plan that cannot be used; the message names the plan, the event and the keyword. */
export class TrackingPlanError extends Error {
  override readonly name = 'TrackingPlanError'
  readonly plan: string
  readonly event: string | undefined
  readonly keyword: string | undefined
  readonly path: string
  constructor(
    readonly code: TrackingPlanErrorCode,
    detail: TrackingPlanErrorDetail,
    reason: string,
  ) {
    const where = [
      `tracking plan ${JSON.stringify(detail.plan)}`,
      ...(detail.event === undefined ? [] : [eventLabel(detail.event)]),
      ...(detail.path === '' ? [] : [detail.path]),
    ].join(': ')
    super(`${where}: ${reason}`)
    this.plan = detail.plan
    this.event = detail.event
    this.keyword = detail.keyword
    this.path = detail.path
  }
}

const CALLS = new Set(['identify', 'group', 'page', 'screen'])

function eventLabel(event: string): string {
  return CALLS.has(event) ? `${event} call` : `event ${JSON.stringify(event)}`
}
