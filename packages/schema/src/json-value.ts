import { type Issue, issue, type Path } from './issues.js'
import { FORBIDDEN_KEYS, MAX_KEY_LENGTH, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from './limits.js'

/** Most issues reported for one message: enough to act on, bounded for hostile input. */
export const MAX_ISSUES_PER_MESSAGE = 20

/**
 * Checks that a message is plain JSON data within the structural limits, before any schema runs:
 * nesting depth per top-level field, key length, forbidden keys, NaN/Infinity, values JSON cannot
 * carry and cycles. Never recurses past {@link MAX_NESTING_DEPTH}, so hostile nesting costs nothing.
 * Zod-free: the SDKs use it too.
 */
export function checkJsonValue(message: Record<string, unknown>): Issue[] {
  const issues: Issue[] = []
  const seen = new Set<object>()

  const visit = (value: unknown, path: Path, depth: number): void => {
    if (issues.length >= MAX_ISSUES_PER_MESSAGE) return
    switch (typeof value) {
      case 'string':
        if (value.length > MAX_MESSAGE_BYTES) {
          issues.push(
            issue(
              path,
              'too_large',
              `string of ${value.length} characters is larger than the ${MAX_MESSAGE_BYTES}-byte message limit`,
            ),
          )
        }
        return
      case 'boolean':
        return
      case 'number':
        if (!Number.isFinite(value))
          issues.push(issue(path, 'not_finite', `${value} is not a finite number`))
        return
      case 'object':
        break
      default:
        issues.push(issue(path, 'not_json', `${typeof value} cannot be sent as JSON`))
        return
    }
    if (value === null) return
    if (seen.has(value)) {
      issues.push(issue(path, 'circular', 'object contains itself'))
      return
    }
    if (depth > MAX_NESTING_DEPTH) {
      issues.push(
        issue(path.slice(0, 1), 'too_deep', `nested deeper than ${MAX_NESTING_DEPTH} levels`),
      )
      return
    }
    if (value instanceof Date) return // serialises to an ISO string
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        if (item === undefined)
          issues.push(
            issue([...path, i], 'not_json', 'undefined cannot be sent as JSON in an array'),
          )
        else visit(item, [...path, i], depth + 1)
      }
    } else {
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) {
        issues.push(
          issue(
            path,
            'not_json',
            `${proto?.constructor?.name ?? 'object'} instance cannot be sent as JSON`,
          ),
        )
      } else {
        checkObject(value as Record<string, unknown>, path, depth)
      }
    }
    seen.delete(value)
  }

  const checkObject = (obj: Record<string, unknown>, path: Path, depth: number): void => {
    for (const key of Object.keys(obj)) {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push(issue([...path, key], 'forbidden_key', `key "${key}" is not allowed`))
        continue
      }
      if (key.length > MAX_KEY_LENGTH) {
        issues.push(
          issue(
            path,
            'too_long',
            `key of ${key.length} characters is longer than ${MAX_KEY_LENGTH}`,
          ),
        )
        continue
      }
      const child = obj[key]
      if (child !== undefined) visit(child, [...path, key], depth + 1)
    }
  }

  checkObject(message, [], 0)
  return issues
}

/** UTF-8 length of a string without allocating its bytes. */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) bytes += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2 // a surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes
        i++
      } else bytes += 2
    } else bytes += 2
  }
  return bytes
}
