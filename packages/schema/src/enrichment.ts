import { z } from 'zod'

/** What kind of device an event came from. `bot`: a crawler, monitor or other automated client. */
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'bot', 'other'] as const
export type DeviceType = (typeof DEVICE_TYPES)[number]

/**
 * The traffic channel of an event or session, from its UTM parameters, click ids and referrer
 * (the rules: `packages/enrich/src/traffic/channel-rules.ts`).
 */
export const CHANNELS = [
  'direct',
  'organic_search',
  'paid_search',
  'social',
  'email',
  'referral',
  'display',
  'other',
] as const
export type Channel = (typeof CHANNELS)[number]

const label = z.string().min(1).max(200)

/**
 * What the consumers (the lake's transformation, the sessionizer) add to an event or session
 * from its user agent, IP and page: never sent by clients, never stored in the stream, so a
 * replay re-enriches with newer databases. An unknown value is absent; never a guess.
 */
export const enrichmentSchema = z.object({
  deviceType: z.enum(DEVICE_TYPES),
  browserName: label.optional(),
  browserVersion: label.optional(),
  osName: label.optional(),
  osVersion: label.optional(),
  /** A crawler, monitor or other automated client (user agent or a configured IP range). */
  bot: z.boolean(),
  /** ISO 3166-1 alpha-2, upper case. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The region's name (or ISO 3166-2 subdivision code) where the geo database has it. */
  region: label.optional(),
  city: label.optional(),
  channel: z.enum(CHANNELS),
  /** e.g. `google`, `newsletter`, `(direct)`: utm_source, a click id's network or the referrer. */
  trafficSource: label.optional(),
  /** e.g. `cpc`, `organic`, `referral`, `(none)`. */
  trafficMedium: label.optional(),
})
export type Enrichment = z.infer<typeof enrichmentSchema>
