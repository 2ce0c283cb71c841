import type { EnrichedMessage } from '@clickstream/schema'
import type { EnrichInput } from './enricher.js'
import { record } from './object-of.js'

/**
 * What an event is enriched from: `context.userAgent`, `context.userAgentData`, `context.ip`, the
 * page (`context.page`, else a page call's `properties`) and `context.campaign`.
 */
export function enrichInputOf(message: EnrichedMessage): EnrichInput {
  const context = record(message.context)
  const page = record(context.page)
  const properties = message.type === 'page' ? record(message.properties) : {}
  return {
    userAgent: context.userAgent,
    userAgentData: context.userAgentData,
    ip: context.ip,
    pageUrl: page.url ?? properties.url,
    referrer: page.referrer ?? properties.referrer,
    campaign: context.campaign,
  }
}
