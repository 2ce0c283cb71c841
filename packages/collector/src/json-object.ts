/** Whether a parsed JSON value is an object (not an array, not null): the collector's one check. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
