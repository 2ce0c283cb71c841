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
  const walk: Walk = { issues: [], path: [], ancestors: [], maxBytes: 0 }
  checkObject(walk, message, 0)
  return { issues: walk.issues, maxBytes: walk.maxBytes + 2 }
}

/**
 * The state of one walk. Plain functions over it rather than closures: the walk runs for every
 * message the collector receives, and closures would be allocated per message.
 */
interface Walk {
  issues: Issue[]
  /** The path being visited, mutated in place; copied only when an issue is reported. */
  path: (string | number)[]
  /** The objects being visited (at most the nesting limit): meeting one again is a cycle. */
  ancestors: object[]
  maxBytes: number
}

function report(walk: Walk, at: (string | number)[], code: Issue['code'], detail: string): void {
  walk.issues.push(issue([...at], code, detail))
}

function visit(walk: Walk, value: unknown, depth: number): void {
  if (walk.issues.length >= MAX_ISSUES_PER_MESSAGE) return
  switch (typeof value) {
    case 'string':
      walk.maxBytes += 6 * value.length + 2
      if (value.length > MAX_MESSAGE_BYTES) {
        report(
          walk,
          walk.path,
          'too_large',
          `string of ${value.length} characters is larger than the ${MAX_MESSAGE_BYTES}-byte message limit`,
        )
      }
      return
    case 'boolean':
      walk.maxBytes += 5
      return
    case 'number':
      walk.maxBytes += 24
      if (!Number.isFinite(value)) {
        report(walk, walk.path, 'not_finite', `${value} is not a finite number`)
      }
      return
    case 'object':
      break
    default:
      report(walk, walk.path, 'not_json', `${typeof value} cannot be sent as JSON`)
      return
  }
  if (value === null) {
    walk.maxBytes += 4
    return
  }
  if (walk.ancestors.includes(value)) {
    report(walk, walk.path, 'circular', 'object contains itself')
    return
  }
  if (depth > MAX_NESTING_DEPTH) {
    report(
      walk,
      walk.path.slice(0, 1),
      'too_deep',
      `nested deeper than ${MAX_NESTING_DEPTH} levels`,
    )
    return
  }
  if (value instanceof Date) {
    walk.maxBytes += 30 // serialises to an ISO string
    return
  }
  walk.ancestors.push(value)
  walk.maxBytes += 2
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i]
      walk.path.push(i)
      walk.maxBytes += 1
      if (item === undefined) {
        report(walk, walk.path, 'not_json', 'undefined cannot be sent as JSON in an array')
      } else visit(walk, item, depth + 1)
      walk.path.pop()
    }
  } else {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      report(
        walk,
        walk.path,
        'not_json',
        `${proto?.constructor?.name ?? 'object'} instance cannot be sent as JSON`,
      )
    } else {
      checkObject(walk, value as Record<string, unknown>, depth)
    }
  }
  walk.ancestors.pop()
}

function checkObject(walk: Walk, obj: Record<string, unknown>, depth: number): void {
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue
    if (FORBIDDEN_KEYS.has(key)) {
      walk.path.push(key)
      report(walk, walk.path, 'forbidden_key', `key "${key}" is not allowed`)
      walk.path.pop()
      continue
    }
    if (key.length > MAX_KEY_LENGTH) {
      report(
        walk,
        walk.path,
        'too_long',
        `key of ${key.length} characters is longer than ${MAX_KEY_LENGTH}`,
      )
      continue
    }
    const child = obj[key]
    if (child === undefined) continue
    walk.maxBytes += 6 * key.length + 4
    walk.path.push(key)
    visit(walk, child, depth + 1)
    walk.path.pop()
  }
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
