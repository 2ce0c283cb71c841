/** The longest name or version kept (the schema's limit for a label). */
const MAX_LABEL_LENGTH = 200

/** Control characters and lone surrogates: never in a real name, never stored. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u

/** A name fit to store: a trimmed string of 1 to `max` printable characters, or undefined. */
export function label(value: unknown, max = MAX_LABEL_LENGTH): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  return text.length > 0 && text.length <= max && !UNPRINTABLE.test(text) ? text : undefined
}

const NUMERIC_VERSION = /^(\d{1,10})(?:\.(\d{1,10}))?/

/**
 * A version as stored: its major number, and its minor number when that is not 0
 * (`124.0.6367.60` → `124`, `17.4.1` → `17.4`, `10.15.7` → `10.15`, `8.1` → `8.1`).
 * A version that does not start with a number gives undefined.
 */
export function shortVersion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const match = NUMERIC_VERSION.exec(value)
  if (!match) return undefined
  const [, major, minor] = match
  return minor === undefined || Number(minor) === 0
    ? String(Number(major))
    : `${Number(major)}.${Number(minor)}`
}
