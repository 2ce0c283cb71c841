import type { Channel } from '@clickstream/schema'

/** The UTM campaign of an event (`context.campaign`). */
export interface CampaignInput {
  name?: string
  source?: string
  medium?: string
}

/** What the channel is read from. */
export interface TrafficInput {
  /** The page's URL (its query holds UTM parameters and click ids). */
  pageUrl?: string
  referrer?: string
  campaign?: CampaignInput
}

export interface Traffic {
  channel: Channel
  trafficSource?: string
  trafficMedium?: string
}

/**
 * The channel, source and medium of a page view, by the rules of `channel-rules.ts`.
 *
 * TODO(part C): the rules table, click ids, referrer hosts.
 */
export function classifyTraffic(_input: TrafficInput): Traffic {
  return { channel: 'direct', trafficSource: '(direct)', trafficMedium: '(none)' }
}
