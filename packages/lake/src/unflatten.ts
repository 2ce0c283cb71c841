import type { EnrichedMessage, LakeRow } from '@clickstream/schema'
import { formatTimestamp } from '@clickstream/schema/lite'

type Json = Record<string, unknown>

/** Context sub-objects whose string fields have columns of their own (as `flattenEvent` reads them). */
const CONTEXT_OBJECTS = {
  page: {
    url: 'page_url',
    path: 'page_path',
    title: 'page_title',
    referrer: 'page_referrer',
    search: 'page_search',
  },
  campaign: {
    name: 'campaign_name',
    source: 'campaign_source',
    medium: 'campaign_medium',
    term: 'campaign_term',
    content: 'campaign_content',
  },
  library: { name: 'library_name', version: 'library_version' },
} as const
const CONTEXT_SCALARS = {
  ip: 'ip',
  userAgent: 'user_agent',
  locale: 'locale',
  timezone: 'timezone',
} as const
const EVENT_STRINGS = {
  event: 'event',
  anonymousId: 'anonymous_id',
  userId: 'user_id',
  groupId: 'group_id',
  previousId: 'previous_id',
} as const
const EVENT_TIMES = { originalTimestamp: 'original_timestamp', sentAt: 'sent_at' } as const
const EVENT_JSON = {
  properties: 'properties',
  traits: 'traits',
  integrations: 'integrations',
} as const

/**
 * A lake row back as the enriched event it was flattened from: `flattenEvent(head,
 * unflattenRow(row))` is `row` again. The context gets its column fields back (a page call's page
 * fields that came from its `properties` land in `context.page` too: readers that prefer either
 * see the same value); timestamps come back as ISO-8601 at millisecond precision. What the
 * sessionizer reads of an event survives the round trip.
 */
export function unflattenRow(row: LakeRow): EnrichedMessage {
  const event: Json = { type: row.type, messageId: row.message_id }
  for (const [key, column] of Object.entries(EVENT_STRINGS)) setText(event, key, row[column])
  if (row.type === 'page' || row.type === 'screen') setText(event, 'name', row.name)
  event.timestamp = time(row.timestamp)
  for (const [key, column] of Object.entries(EVENT_TIMES)) {
    if (typeof row[column] === 'number') event[key] = time(row[column])
  }
  event.receivedAt = time(row.received_at)
  for (const [key, column] of Object.entries(EVENT_JSON)) {
    if (typeof row[column] === 'string') event[key] = JSON.parse(row[column])
  }
  const context: Json = typeof row.context === 'string' ? JSON.parse(row.context) : {}
  for (const [key, columns] of Object.entries(CONTEXT_OBJECTS)) {
    // A non-object there (kept as sent in the `context` column) is left alone.
    if (context[key] !== undefined && !isObject(context[key])) continue
    const sub: Json = { ...(context[key] as Json | undefined) }
    for (const [field, column] of Object.entries(columns)) setText(sub, field, row[column])
    if (Object.keys(sub).length > 0) context[key] = sub
  }
  for (const [key, column] of Object.entries(CONTEXT_SCALARS)) setText(context, key, row[column])
  if (typeof row.violations === 'string') context.violations = JSON.parse(row.violations)
  if (Object.keys(context).length > 0) event.context = context
  return event as unknown as EnrichedMessage
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function setText(target: Json, key: string, value: unknown) {
  if (typeof value === 'string') target[key] = value
}

const time = (value: unknown): string => formatTimestamp(Number(value))
