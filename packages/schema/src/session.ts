import { z } from 'zod'
import { enrichmentSchema } from './enrichment.js'
import { timestampSchema } from './messages.js'

const count = z.number().int().nonnegative()

/** A page as a session remembers it (landing and exit page). */
export const pageRefSchema = z.object({
  url: z.string().optional(),
  path: z.string().optional(),
  title: z.string().optional(),
})

/** UTM campaign of the session's first event (`context.campaign`). */
export const sessionCampaignSchema = z.object({
  name: z.string().optional(),
  source: z.string().optional(),
  medium: z.string().optional(),
  term: z.string().optional(),
  content: z.string().optional(),
})

/**
 * One user session, as the sessionizer writes it to DynamoDB. Open while `endedAt + gap >= now`;
 * closing is lazy, so there is no `closed` flag to keep up to date.
 */
export const sessionRecordSchema = z.object({
  /** Deterministic: the same events always give the same id. */
  sessionId: z.string().min(1),
  /** The partition key: `anonymousId ?? userId`. */
  key: z.string().min(1),
  anonymousId: z.string().optional(),
  userId: z.string().optional(),
  startedAt: timestampSchema,
  endedAt: timestampSchema,
  durationMs: count,
  eventCount: count,
  pageViewCount: count,
  trackCount: count,
  /** Per event name (track) counts, bounded; names past the bound add up under `$other`. */
  eventCounts: z.record(z.string(), count),
  landingPage: pageRefSchema.optional(),
  exitPage: pageRefSchema.optional(),
  referrer: z.string().optional(),
  campaign: sessionCampaignSchema.optional(),
  userAgent: z.string().optional(),
  ip: z.string().optional(),
  /** One page view and no tracks. */
  bounce: z.boolean(),
  updatedAt: timestampSchema,
  /** DynamoDB TTL, epoch seconds. */
  ttl: z.number().int().positive().optional(),
  /**
   * The session's enrichment (`@clickstream/enrich`): device, browser and OS of its first event's
   * user agent, country of its first IP, channel of its landing page and referrer; `bot` when any
   * of its events is a bot's. Absent on sessions written before enrichment.
   */
  ...enrichmentSchema.partial().shape,
})
export type SessionRecord = z.infer<typeof sessionRecordSchema>
export type PageRef = z.infer<typeof pageRefSchema>
export type SessionCampaign = z.infer<typeof sessionCampaignSchema>
