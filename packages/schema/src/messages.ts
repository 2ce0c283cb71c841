import { z } from 'zod'
import { MAX_ID_LENGTH, MAX_MESSAGE_ID_LENGTH, MAX_NAME_LENGTH } from './limits.js'
import { isTimestamp } from './timestamp.js'

/** An ISO-8601 timestamp string (offset and fraction optional) that is a real date. */
export const timestampSchema = z
  .string()
  .refine(isTimestamp, {
    error: 'expected an ISO-8601 timestamp such as 2026-01-31T12:00:00.000Z',
    params: { code: 'invalid_timestamp' },
  })
  .meta({ description: 'ISO-8601 timestamp; offset optional (UTC assumed), fraction optional' })

/** Free-form JSON object (`properties`, `traits`, `integrations`): shape checked by `checkJsonValue`. */
export const jsonObjectSchema = z.record(z.string(), z.unknown())

const id = z.string().min(1).max(MAX_ID_LENGTH)
/**
 * `userId` / `anonymousId`: `null` and `""` count as absent (RudderStack's JS SDK sends `"userId": ""`
 * before `identify`); `validateMessage` drops an empty one, so the stream never carries it.
 */
const optionalId = z.string().max(MAX_ID_LENGTH).nullable().optional()
const name = z.string().max(MAX_NAME_LENGTH).nullable().optional()
const optionalString = z.string().optional()

export const pageContextSchema = z.looseObject({
  url: optionalString,
  path: optionalString,
  referrer: optionalString,
  title: optionalString,
  search: optionalString,
})

export const campaignSchema = z.looseObject({
  name: optionalString,
  source: optionalString,
  medium: optionalString,
  term: optionalString,
  content: optionalString,
})

/** Segment's consent object, as consent tools stamp it (`consentIssue` is its zod-free check). */
export const consentSchema = z.looseObject({
  categoryPreferences: z.record(z.string(), z.boolean()).optional(),
})

export const contextSchema = z.looseObject({
  ip: optionalString,
  userAgent: optionalString,
  locale: optionalString,
  timezone: optionalString,
  page: pageContextSchema.optional(),
  campaign: campaignSchema.optional(),
  library: z.looseObject({ name: optionalString, version: optionalString }).optional(),
  consent: consentSchema.optional(),
})

/** Fields every message type shares. Unknown keys are kept (loose objects), never stripped. */
export const commonFields = {
  messageId: z.string().min(1).max(MAX_MESSAGE_ID_LENGTH).optional(),
  anonymousId: optionalId,
  userId: optionalId,
  timestamp: timestampSchema.optional(),
  originalTimestamp: timestampSchema.optional(),
  sentAt: timestampSchema.optional(),
  receivedAt: timestampSchema.optional(),
  context: contextSchema.optional(),
  integrations: jsonObjectSchema.optional(),
}

/** Message shapes without the cross-field id rule: `validateMessage` checks that one itself. */
export const messageShapes = {
  track: z.looseObject({
    ...commonFields,
    type: z.literal('track'),
    event: z.string().min(1).max(MAX_NAME_LENGTH),
    properties: jsonObjectSchema.optional(),
  }),
  page: z.looseObject({
    ...commonFields,
    type: z.literal('page'),
    name,
    category: name,
    properties: jsonObjectSchema.optional(),
  }),
  screen: z.looseObject({
    ...commonFields,
    type: z.literal('screen'),
    name,
    category: name,
    properties: jsonObjectSchema.optional(),
  }),
  identify: z.looseObject({
    ...commonFields,
    type: z.literal('identify'),
    traits: jsonObjectSchema.optional(),
  }),
  group: z.looseObject({
    ...commonFields,
    type: z.literal('group'),
    groupId: id,
    traits: jsonObjectSchema.optional(),
  }),
  alias: z.looseObject({
    ...commonFields,
    type: z.literal('alias'),
    // The one place `userId` is required: an empty one is an error, not an absence.
    userId: id,
    previousId: id,
  }),
} as const

const hasId = (m: { userId?: string | null; anonymousId?: string | null }) =>
  Boolean(m.userId) || Boolean(m.anonymousId)
const idRule = { error: 'one of userId or anonymousId is required', params: { code: 'missing_id' } }

export const trackSchema = messageShapes.track.refine(hasId, idRule)
export const pageSchema = messageShapes.page.refine(hasId, idRule)
export const screenSchema = messageShapes.screen.refine(hasId, idRule)
export const identifySchema = messageShapes.identify.refine(hasId, idRule)
export const groupSchema = messageShapes.group.refine(hasId, idRule)
export const aliasSchema = messageShapes.alias

/** Any of the six messages, discriminated by `type`. Prefer `validateMessage` for precise issues. */
export const messageSchema = z.discriminatedUnion('type', [
  trackSchema,
  pageSchema,
  screenSchema,
  identifySchema,
  groupSchema,
  aliasSchema,
])

export type TrackMessage = z.infer<typeof messageShapes.track>
export type PageMessage = z.infer<typeof messageShapes.page>
export type ScreenMessage = z.infer<typeof messageShapes.screen>
export type IdentifyMessage = z.infer<typeof messageShapes.identify>
export type GroupMessage = z.infer<typeof messageShapes.group>
export type AliasMessage = z.infer<typeof messageShapes.alias>
export type Message = z.infer<typeof messageSchema>
export type Context = z.infer<typeof contextSchema>

/** What the collector adds before a message enters the stream. */
const enrichment = {
  messageId: z.string().min(1).max(MAX_MESSAGE_ID_LENGTH),
  /** Skew-corrected: `receivedAt − (sentAt − originalTimestamp)`. */
  timestamp: timestampSchema,
  receivedAt: timestampSchema,
}

/** A message as it travels in the Kinesis envelope: enriched by the collector. */
export const enrichedMessageSchema = z.discriminatedUnion('type', [
  messageShapes.track.extend(enrichment),
  messageShapes.page.extend(enrichment),
  messageShapes.screen.extend(enrichment),
  messageShapes.identify.extend(enrichment),
  messageShapes.group.extend(enrichment),
  messageShapes.alias.extend(enrichment),
])
export type EnrichedMessage = z.infer<typeof enrichedMessageSchema>
