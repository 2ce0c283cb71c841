import type { Message, MessageType } from '@clickstream/schema'
import {
  MAX_ID_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_ID_LENGTH,
  MAX_NAME_LENGTH,
} from '@clickstream/schema/lite'
import { errorText } from '../error-text.js'
import { InvalidMessageError } from '../errors.js'
import type { StoredEvent } from '../event-store/event-store.js'
import { isObject } from '../is-object.js'
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

/**
 * A built message ready for the queue, or the reason it cannot be sent: the
 * {@link InvalidMessageError}'s message, named after the call. Never a throw.
 */
export type BuildResult =
  | { ok: true; message: Message; event: StoredEvent }
  | { ok: false; reason: string }

/** For reasons; `null` never gets here (it means absent). */
const describe = (v: unknown): string => (Array.isArray(v) ? 'array' : typeof v)

/** Ids may be numbers (Segment accepts them); they are sent as strings. */
const id = (v: unknown) => (Number.isFinite(v) ? String(v) : v)

/** A string field; `null`, `undefined` and `''` count as absent. */
function readString(field: string, value: unknown, required?: boolean, max = MAX_NAME_LENGTH) {
  if (value == null || value === '') {
    if (required) throw new InvalidMessageError(`${field} is required`)
    return undefined
  }
  if (typeof value !== 'string')
    throw new InvalidMessageError(`${field} must be a string, got ${describe(value)}`)
  if (value.length > max) throw new InvalidMessageError(`${field} over ${max} characters`)
  return value
}

function readObject(field: string, value: unknown) {
  if (value != null && (!isObject(value) || Array.isArray(value)))
    throw new InvalidMessageError(`${field} must be an object, got ${describe(value)}`)
  return value as Record<string, unknown> | null | undefined
}

/**
 * Composes one Segment message from host input: sets `messageId` and `timestamp`, merges context
 * and checks the fields (event names, ids, object shapes). Bad input throws an
 * {@link InvalidMessageError} whose message names the field (e.g. `event name must be a string,
 * got number`); {@link buildMessage} turns it into a result.
 */
export function composeMessage(input: MessageInput, options: BuildOptions = {}): Message {
  const { type } = input
  const message: Record<string, unknown> = { type }
  const payload = type === 'identify' || type === 'group' ? 'traits' : 'properties'
  if (type === 'track') message.event = readString('event name', input.event, true)
  else if (type === 'page' || type === 'screen') {
    message.name = readString('name', input.name)
    message.category = readString('category', input.category)
  } else if (type === 'group') message.groupId = readString('groupId', id(input.groupId), true)
  else if (type === 'alias')
    message.previousId = readString('previousId', id(input.previousId), true)
  else if (type !== 'identify') throw new InvalidMessageError('unknown type')
  if (type !== 'alias') message[payload] = readObject(payload, input[payload]) ?? {}
  const userId = readString('userId', id(input.userId), type === 'alias', MAX_ID_LENGTH)
  const anonymousId = readString('anonymousId', id(input.anonymousId), false, MAX_ID_LENGTH)
  if (!userId && !anonymousId)
    throw new InvalidMessageError('one of userId or anonymousId is required')
  message.userId = userId
  message.anonymousId = anonymousId
  message.messageId =
    readString('messageId', input.messageId, false, MAX_MESSAGE_ID_LENGTH) ?? uuid()
  const time =
    input.timestamp == null
      ? (options.now ?? Date.now)()
      : new Date(input.timestamp as string).getTime()
  if (Number.isNaN(time))
    throw new InvalidMessageError('timestamp must be a Date or an ISO-8601 string')
  message.timestamp = new Date(time).toISOString()
  message.context = mergeContext(options.context, readObject('context', input.context))
  const integrations = readObject('integrations', input.integrations)
  if (integrations) message.integrations = integrations
  return message as Message
}

/**
 * Serialises a composed (and possibly plugin-rewritten) message once for the queue, checking it is
 * JSON the collector accepts (cycles, BigInt, functions, NaN, depth: {@link toJson}) within 32 KB.
 * `enqueuedAt` (the call time) drives the max age. Throws an {@link InvalidMessageError} naming the
 * field.
 */
export function serializeMessage(message: Message, enqueuedAt: number = Date.now()): StoredEvent {
  const json = toJson(message)
  const bytes = new TextEncoder().encode(json).length
  if (bytes > MAX_MESSAGE_BYTES)
    throw new InvalidMessageError(
      `message is ${bytes} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
    )
  return { id: String(message.messageId), json, bytes, enqueuedAt }
}

/**
 * Builds one Segment message from host input ({@link composeMessage}) and serialises it for the
 * queue ({@link serializeMessage}). Bad input is a `{ ok: false, reason }` whose reason names the
 * call and the field, e.g. `track: properties.self: object contains itself`. Never throws.
 */
export function buildMessage(input: MessageInput, options: BuildOptions = {}): BuildResult {
  try {
    const now = (options.now ?? Date.now)()
    const message = composeMessage(input, { ...options, now: () => now })
    return { ok: true, message, event: serializeMessage(message, now) }
  } catch (error) {
    return { ok: false, reason: `${input.type}: ${errorText(error)}` } // types come from the SDK's own methods
  }
}
