import { consentIssue } from './consent.js'
import {
  MAX_BATCH_MESSAGES,
  MAX_ID_LENGTH,
  MAX_MESSAGE_ID_LENGTH,
  MAX_NAME_LENGTH,
  type MessageType,
} from './limits.js'
import { isTimestamp } from './timestamp.js'

/*
 * The zod shapes of `messages.ts` and `batch.ts`, written out by hand for the collector's hot path:
 * a message that fits is accepted as it is, without zod's parse and its copy of the message. A
 * message that does not fit goes through zod, which names what is wrong. The zod schemas stay the
 * contract (JSON Schema, types, error messages); `fast-shape.test.ts` holds these functions to
 * them with a differential property test. String lengths are counted in UTF-16 units, which never
 * undercount zod's code points: a string near a cap with astral characters may go to zod
 * needlessly, never through wrongly.
 */

type Data = Record<string, unknown>

const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v)
const optionalString = (v: unknown) => v === undefined || typeof v === 'string'
const stringWithin = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.length >= min && v.length <= max
const id = (v: unknown) => stringWithin(v, 1, MAX_ID_LENGTH)
/** `userId` / `anonymousId`: `null` and `""` count as absent. */
const optionalId = (v: unknown) =>
  v === undefined || v === null || stringWithin(v, 0, MAX_ID_LENGTH)
const optionalName = (v: unknown) =>
  v === undefined || v === null || stringWithin(v, 0, MAX_NAME_LENGTH)
const optionalTimestamp = (v: unknown) =>
  v === undefined || (typeof v === 'string' && isTimestamp(v))
/** `z.record` takes plain objects only (a `Date` or class instance is not a record). */
const optionalRecord = (v: unknown) => {
  if (v === undefined) return true
  if (!isObject(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

function optionalStrings(v: unknown, keys: readonly string[]): boolean {
  if (v === undefined) return true
  if (!isObject(v)) return false
  for (const key of keys) if (!optionalString(v[key])) return false
  return true
}

const PAGE_KEYS = ['url', 'path', 'referrer', 'title', 'search'] as const
const CAMPAIGN_KEYS = ['name', 'source', 'medium', 'term', 'content'] as const
const LIBRARY_KEYS = ['name', 'version'] as const

/** `contextSchema.optional()`. */
export function fitsContext(v: unknown): boolean {
  if (v === undefined) return true
  return (
    isObject(v) &&
    optionalString(v.ip) &&
    optionalString(v.userAgent) &&
    optionalString(v.locale) &&
    optionalString(v.timezone) &&
    optionalStrings(v.page, PAGE_KEYS) &&
    optionalStrings(v.campaign, CAMPAIGN_KEYS) &&
    optionalStrings(v.library, LIBRARY_KEYS) &&
    consentIssue(v.consent) === undefined
  )
}

/** The fields every message type shares (`commonFields`), `userId` aside. */
function fitsCommon(m: Data): boolean {
  const messageId = m.messageId
  return (
    (messageId === undefined || stringWithin(messageId, 1, MAX_MESSAGE_ID_LENGTH)) &&
    optionalId(m.anonymousId) &&
    optionalTimestamp(m.timestamp) &&
    optionalTimestamp(m.originalTimestamp) &&
    optionalTimestamp(m.sentAt) &&
    optionalTimestamp(m.receivedAt) &&
    fitsContext(m.context) &&
    optionalRecord(m.integrations)
  )
}

/** `messageShapes[type]` (without the cross-field id rule), for a message whose `type` is `type`. */
export function fitsMessageShape(type: MessageType, m: Data): boolean {
  if (!fitsCommon(m)) return false
  switch (type) {
    case 'track':
      return (
        optionalId(m.userId) &&
        stringWithin(m.event, 1, MAX_NAME_LENGTH) &&
        optionalRecord(m.properties)
      )
    case 'page':
    case 'screen':
      return (
        optionalId(m.userId) &&
        optionalName(m.name) &&
        optionalName(m.category) &&
        optionalRecord(m.properties)
      )
    case 'identify':
      return optionalId(m.userId) && optionalRecord(m.traits)
    case 'group':
      return optionalId(m.userId) && id(m.groupId) && optionalRecord(m.traits)
    case 'alias':
      return id(m.userId) && id(m.previousId)
  }
}

/** `batchRequestSchema`: the request fields of a `/v1/batch` body (its messages aside). */
export function fitsBatchRequest(body: Data): boolean {
  const { batch, writeKey } = body
  return (
    Array.isArray(batch) &&
    batch.length <= MAX_BATCH_MESSAGES &&
    (writeKey === undefined || stringWithin(writeKey, 1, Number.POSITIVE_INFINITY)) &&
    optionalTimestamp(body.sentAt) &&
    fitsContext(body.context) &&
    optionalRecord(body.integrations)
  )
}
