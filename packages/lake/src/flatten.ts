import type { EnrichedMessage, Enrichment, Envelope, LakeRow } from '@clickstream/schema'
import { parseTimestamp } from '@clickstream/schema/lite'

/** What a row takes from its envelope besides the event. */
export type RowHead = Pick<Envelope, 'key' | 'sourceId'>

/** What the enricher (`@clickstream/enrich`) made of an event: its enrichment and the IP to store. */
export interface RowEnrichment {
  enrichment: Enrichment
  /** The IP to store (anonymised after the lookup when configured); absent: no IP. */
  ip?: string
}

type Json = Record<string, unknown>

/** `context` keys that columns hold; what is left of them stays in the `context` column. */
const CONTEXT_COLUMNS = {
  page: ['url', 'path', 'title', 'referrer', 'search'],
  campaign: ['name', 'source', 'medium', 'term', 'content'],
  library: ['name', 'version'],
} as const
const CONTEXT_SCALARS = ['ip', 'userAgent', 'locale', 'timezone'] as const

/**
 * One event of an envelope as a lake row: every column of `LAKE_COLUMNS`, `null` where the
 * event has no value. Timestamps become epoch milliseconds; the free-form parts JSON text. Never
 * throws on an event the envelope decoder accepted. Without `enriched`, the enrichment columns are
 * null and `ip` is the event's.
 */
export function flattenEvent(
  head: RowHead,
  event: EnrichedMessage,
  enriched?: RowEnrichment,
): LakeRow {
  const e = event as EnrichedMessage & Json
  const context = (e.context ?? {}) as Json
  const page = objectAt(context, 'page')
  const campaign = objectAt(context, 'campaign')
  const library = objectAt(context, 'library')
  // Segment's page() carries the page in `properties` too; the context's copy wins.
  const pageProperties = e.type === 'page' ? objectAt(e, 'properties') : {}
  const pageField = (key: string) => text(page[key]) ?? text(pageProperties[key])
  return {
    message_id: e.messageId,
    type: e.type,
    event: text(e.event),
    name: e.type === 'page' || e.type === 'screen' ? text(e.name) : null,
    anonymous_id: text(e.anonymousId),
    user_id: text(e.userId),
    group_id: text(e.groupId),
    previous_id: text(e.previousId),
    timestamp: time(e.timestamp),
    original_timestamp: time(e.originalTimestamp),
    sent_at: time(e.sentAt),
    received_at: time(e.receivedAt),
    source_id: head.sourceId,
    partition_key: head.key,
    page_url: pageField('url'),
    page_path: pageField('path'),
    page_title: pageField('title'),
    page_referrer: pageField('referrer'),
    page_search: pageField('search'),
    campaign_name: text(campaign.name),
    campaign_source: text(campaign.source),
    campaign_medium: text(campaign.medium),
    campaign_term: text(campaign.term),
    campaign_content: text(campaign.content),
    library_name: text(library.name),
    library_version: text(library.version),
    locale: text(context.locale),
    timezone: text(context.timezone),
    user_agent: text(context.userAgent),
    ip: enriched ? (enriched.ip ?? null) : text(context.ip),
    properties: json(e.properties),
    traits: json(e.traits),
    context: json(restOfContext(context)),
    integrations: json(e.integrations),
    violations: Array.isArray(context.violations) ? JSON.stringify(context.violations) : null,
    ...enrichmentColumns(enriched?.enrichment),
  }
}

/** The lake's enrichment columns of an enrichment; all null without one. */
export function enrichmentColumns(enrichment: Enrichment | undefined) {
  const e: Partial<Enrichment> = enrichment ?? {}
  return {
    device_type: e.deviceType ?? null,
    browser_name: e.browserName ?? null,
    browser_version: e.browserVersion ?? null,
    os_name: e.osName ?? null,
    os_version: e.osVersion ?? null,
    is_bot: e.bot ?? null,
    country: e.country ?? null,
    region: e.region ?? null,
    city: e.city ?? null,
    channel: e.channel ?? null,
    traffic_source: e.trafficSource ?? null,
    traffic_medium: e.trafficMedium ?? null,
  } satisfies Partial<LakeRow>
}

/** Every event of an envelope as a row, in order. */
export function flattenEnvelope(envelope: Envelope): LakeRow[] {
  return envelope.events.map((event) => flattenEvent(envelope, event))
}

/** `context` without what the columns hold: a sub-object with nothing else left is dropped. */
function restOfContext(context: Json): Json | undefined {
  let rest: Json | undefined
  for (const key of Object.keys(context)) {
    let value = context[key]
    if ((CONTEXT_SCALARS as readonly string[]).includes(key) && typeof value === 'string') continue
    if (key === 'violations' && Array.isArray(value)) continue
    const columns = CONTEXT_COLUMNS[key as keyof typeof CONTEXT_COLUMNS]
    if (columns && isObject(value)) {
      const sub = value
      const left = Object.keys(sub).filter(
        (k) => !(columns as readonly string[]).includes(k) || typeof sub[k] !== 'string',
      )
      if (left.length === 0) continue
      value = Object.fromEntries(left.map((k) => [k, sub[k]]))
    }
    rest ??= {}
    rest[key] = value
  }
  return rest
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const objectAt = (from: Json, key: string): Json => {
  const value = from[key]
  return isObject(value) ? value : {}
}

/** A column's text: strings only (a non-string stays in the JSON columns, never coerced). */
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

const time = (value: unknown): number | null =>
  typeof value === 'string' ? (parseTimestamp(value) ?? null) : null

const json = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value)
