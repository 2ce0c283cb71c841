import { type Issue, issue } from './issues.js'
import { FORBIDDEN_KEYS, MAX_KEY_LENGTH, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from './limits.js'

/** Most issues reported for one message: enough to act on, bounded for hostile input. */
export const MAX_ISSUES_PER_MESSAGE = 20

export interface JsonCheck {
  issues: Issue[]
  /**
   * An upper bound of the message's size as UTF-8 JSON (each character counted at its worst,
   * an escape): when it is within a limit, the exact size need not be computed.
   */
  maxBytes: number
}

/**
 * Checks that a message is plain JSON data within the structural limits, before any schema runs:
 * nesting depth per top-level field, key length, forbidden keys, NaN/Infinity, values JSON cannot
 * carry and cycles. Never recurses past {@link MAX_NESTING_DEPTH}, so hostile nesting costs nothing.
 * Zod-free: the SDKs use it too.
 */
export function checkJsonValue(message: Record<string, unknown>): Issue[] {
  return checkJson(message).issues
}

/** {@link checkJsonValue}, plus an upper bound of the message's JSON size. */
export function checkJson(message: Record<string, unknown>): JsonCheck {
  const issues: Issue[] = []
  const seen = new Set<object>()
  /** The path being visited, mutated in place; copied only when an issue is reported. */
  const path: (string | number)[] = []
  let maxBytes = 0
  const report = (at: (string | number)[], code: Issue['code'], detail: string) => {
    issues.push(issue([...at], code, detail))
  }

  const visit = (value: unknown, depth: number): void => {
    if (issues.length >= MAX_ISSUES_PER_MESSAGE) return
    switch (typeof value) {
      case 'string':
        maxBytes += 6 * value.length + 2
        if (value.length > MAX_MESSAGE_BYTES) {
          report(
            path,
            'too_large',
            `string of ${value.length} characters is larger than the ${MAX_MESSAGE_BYTES}-byte message limit`,
          )
        }
        return
      case 'boolean':
        maxBytes += 5
        return
      case 'number':
        maxBytes += 24
        if (!Number.isFinite(value)) report(path, 'not_finite', `${value} is not a finite number`)
        return
      case 'object':
        break
      default:
        report(path, 'not_json', `${typeof value} cannot be sent as JSON`)
        return
    }
    if (value === null) {
      maxBytes += 4
      return
    }
    if (seen.has(value)) {
      report(path, 'circular', 'object contains itself')
      return
    }
    if (depth > MAX_NESTING_DEPTH) {
      report(path.slice(0, 1), 'too_deep', `nested deeper than ${MAX_NESTING_DEPTH} levels`)
      return
    }
    if (value instanceof Date) {
      maxBytes += 30 // serialises to an ISO string
      return
    }
    seen.add(value)
    maxBytes += 2
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]
        path.push(i)
        maxBytes += 1
        if (item === undefined)
          report(path, 'not_json', 'undefined cannot be sent as JSON in an array')
        else visit(item, depth + 1)
        path.pop()
      }
    } else {
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) {
        report(
          path,
          'not_json',
          `${proto?.constructor?.name ?? 'object'} instance cannot be sent as JSON`,
        )
      } else {
        checkObject(value as Record<string, unknown>, depth)
      }
    }
    seen.delete(value)
  }

  const checkObject = (obj: Record<string, unknown>, depth: number): void => {
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue
      if (FORBIDDEN_KEYS.has(key)) {
        path.push(key)
        report(path, 'forbidden_key', `key "${key}" is not allowed`)
        path.pop()
        continue
      }
      if (key.length > MAX_KEY_LENGTH) {
        report(path, 'too_long', `key of ${key.length} characters is longer than ${MAX_KEY_LENGTH}`)
        continue
      }
      const child = obj[key]
      if (child === undefined) continue
      maxBytes += 6 * key.length + 4
      path.push(key)
      visit(child, depth + 1)
      path.pop()
    }
  }

  checkObject(message, 0)
  return { issues, maxBytes: maxBytes + 2 }
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

/**
 * UTF-8 length of a string when it may exceed `limit`, else any value ≤ `limit` (cheaply): a
 * UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no scan.
 */
export function utf8LengthOver(text: string, limit: number): number {
  return text.length * 3 <= limit ? text.length : utf8Length(text)
}
