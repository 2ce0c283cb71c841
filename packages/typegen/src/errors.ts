/** Why a typed client could not be generated from a plan that parsed. */
export const TYPEGEN_ERROR_CODES = [
  'unnamed_event',
  'reserved_name',
  'name_collision',
  'unsupported_schema',
] as const
export type TypegenErrorCode = (typeof TYPEGEN_ERROR_CODES)[number]

/** A plan that is valid for the collector but cannot become a typed client: names the event. */
export class TypegenError extends Error {
  override readonly name = 'TypegenError'
  constructor(
    readonly code: TypegenErrorCode,
    readonly plan: string,
    readonly event: string,
    reason: string,
  ) {
    super(`${plan}: event ${JSON.stringify(event)}: ${reason}`)
  }
}
