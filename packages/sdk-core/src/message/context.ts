import { isObject } from '../is-object.js'

type JsonObject = Record<string, unknown>

const isPlainObject = (value: unknown): value is JsonObject =>
  isObject(value) && !Array.isArray(value) && !(value instanceof Date)

/**
 * Merges call-level context over the SDK's automatic context. Objects one level down (`page`,
 * `library`, `campaign`, …) are merged key by key, so `{ page: { title } }` overrides only the title;
 * anything else from the call replaces the default. Neither input is modified.
 */
export function mergeContext(
  base: JsonObject | undefined,
  extra: JsonObject | null | undefined,
): JsonObject {
  const out: JsonObject = { ...base }
  if (!extra) return out
  for (const key of Object.keys(extra)) {
    const value = extra[key]
    const current = out[key]
    out[key] = isPlainObject(value) && isPlainObject(current) ? { ...current, ...value } : value
  }
  return out
}
