import type { Message, MessageType } from '@clickstream/schema'
import {
  MAX_ID_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_ID_LENGTH,
  MAX_NAME_LENGTH,
  utf8Length,
} from '@clickstream/schema/lite'
import type { StoredEvent } from '../event-store/event-store.js'
import { uuid } from '../uuid.js'
import { mergeContext } from './context.js'
import { toJson } from './to-json.js'

/**
 * What a host hands to the SDK for one call, before any checking. Typed `unknown` where the host
 * can pass anything at run time (plain JavaScript pages do): the builder checks every field.
 */
export interface MessageInput {
  type: MessageType
  /** `track` */
  event?: unknown
  /** `page`, `screen` */
  name?: unknown
  category?: unknown
  /** `track`, `page`, `screen` */
  properties?: unknown
  /** `identify`, `group` */
  traits?: unknown
  /** `group` */
  groupId?: unknown
  /** `alias` */
  previousId?: unknown
  userId?: unknown
  anonymousId?: unknown
  /** Merged over the builder's automatic context. */
  context?: unknown
  integrations?: unknown
  /** When the call happened; defaults to now. */
  timestamp?: unknown
  /** Defaults to a random UUID. */
  messageId?: unknown
}

export interface BuildOptions {
  /** Automatic context (library, page, locale, …), merged under the call's own. */
  context?: Record<string, unknown>
  /** @default Date.now */
  now?: () => number
}

/** A composed message, or the reason it cannot be sent. Never a throw. */
export type ComposeResult = { ok: true; message: Message } | { ok: false; reason: string }

/** A built message ready for the queue, or the reason it cannot be sent. Never a throw. */
export type BuildResult =
  | { ok: true; message: Message; event: StoredEvent }
  | { ok: false; reason: string }

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** `string | number` ids (Segment accepts numbers), as a string; `null`/`undefined` as undefined. */
function readId(
  field: string,
  value: unknown,
  required: boolean,
  max = MAX_ID_LENGTH,
): string | undefined {
  if (value == null || value === '') {
    if (required) throw `${field} is required`
    return undefined
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') throw `${field} must be a string, got ${describe(value)}`
  if (value.length > max) throw `${field} is longer than ${max} characters`
  return value
}

function readName(field: string, value: unknown, required: boolean): string | undefined {
  if (value == null || (value === '' && !required)) {
    if (required) throw `${field} must be a non-empty string, got ${describe(value)}`
    return undefined
  }
  if (typeof value !== 'string' || value === '')
    throw `${field} must be a non-empty string, got ${describe(value)}`
  if (value.length > MAX_NAME_LENGTH) throw `${field} is longer than ${MAX_NAME_LENGTH} characters`
  return value
}

function readObject(field: string, value: unknown): Record<string, unknown> | undefined {
  if (value == null) return undefined
  if (!isObject(value)) throw `${field} must be an object, got ${describe(value)}`
  return value
}

function readTimestamp(value: unknown, now: number): string {
  if (value == null) return new Date(now).toISOString()
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string'
        ? Date.parse(value)
        : Number.NaN
  if (Number.isNaN(time)) throw `timestamp must be a Date or an ISO-8601 string`
  return new Date(time).toISOString()
}

const fail = (type: unknown, error: unknown): { ok: false; reason: string } => ({
  ok: false,
  reason: `${String(type)}: ${typeof error === 'string' ? error : String((error as Error)?.message ?? error)}`,
})

/**
 * Composes one Segment message from host input: sets `messageId` and `timestamp`, merges context
 * and checks the fields (event names, ids, object shapes). Bad input is a `{ ok: false, reason }`
 * whose reason names the call and the field. Never throws.
 */
export function composeMessage(input: MessageInput, options: BuildOptions = {}): ComposeResult {
  const { type } = input
  try {
    const message: Record<string, unknown> = { type }
    if (type === 'track') {
      message.event = readName('event name', input.event, true)
      message.properties = readObject('properties', input.properties) ?? {}
    } else if (type === 'page' || type === 'screen') {
      message.name = readName('name', input.name, false)
      message.category = readName('category', input.category, false)
      message.properties = readObject('properties', input.properties) ?? {}
    } else if (type === 'identify' || type === 'group') {
      if (type === 'group') message.groupId = readId('groupId', input.groupId, true)
      message.traits = readObject('traits', input.traits) ?? {}
    } else if (type === 'alias') {
      message.previousId = readId('previousId', input.previousId, true)
    } else {
      throw `unknown message type ${String(type)}`
    }
    const userId = readId('userId', input.userId, type === 'alias')
    const anonymousId = readId('anonymousId', input.anonymousId, false)
    if (!userId && !anonymousId) throw 'one of userId or anonymousId is required'
    message.userId = userId
    message.anonymousId = anonymousId
    message.messageId = readId('messageId', input.messageId, false, MAX_MESSAGE_ID_LENGTH) ?? uuid()
    message.timestamp = readTimestamp(input.timestamp, (options.now ?? Date.now)())
    message.context = mergeContext(options.context, readObject('context', input.context))
    const integrations = readObject('integrations', input.integrations)
    if (integrations) message.integrations = integrations
    return { ok: true, message: message as Message }
  } catch (error) {
    return fail(type, error)
  }
}

/**
 * Serialises a composed (and possibly plugin-rewritten) message once for the queue, checking it is
 * JSON the collector accepts (cycles, BigInt, functions, NaN, depth: {@link toJson}) within 32 KB. `enqueuedAt`
 * (the call time) drives the max age. Never throws.
 */
export function serializeMessage(message: Message, enqueuedAt: number = Date.now()): BuildResult {
  try {
    const json = toJson(message)
    const bytes = utf8Length(json)
    if (bytes > MAX_MESSAGE_BYTES)
      throw `message is ${bytes} bytes, larger than the ${MAX_MESSAGE_BYTES}-byte limit`
    return { ok: true, message, event: { id: String(message.messageId), json, bytes, enqueuedAt } }
  } catch (error) {
    return fail(message.type, error)
  }
}

/**
 * Builds one Segment message from host input ({@link composeMessage}) and serialises it for the
 * queue ({@link serializeMessage}). Bad input is a `{ ok: false, reason }` whose reason names the
 * call and the field, e.g. `track: properties.self: object contains itself`. Never throws.
 */
export function buildMessage(input: MessageInput, options: BuildOptions = {}): BuildResult {
  const now = (options.now ?? Date.now)()
  const composed = composeMessage(input, { ...options, now: () => now })
  return composed.ok ? serializeMessage(composed.message, now) : composed
}
