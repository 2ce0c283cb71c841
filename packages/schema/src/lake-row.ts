/**
 * The event lake's row: one row per event, its columns named and typed once, here. The Parquet
 * schema, the Glue table, DuckDB's views and the docs are all derived from {@link LAKE_COLUMNS}.
 * Zod-free: the lake's writers and the transformation Lambda import it without the schemas.
 */
import { formatTimestamp } from './timestamp.js'

/** How a column is stored. `timestamp`: UTC instant, milliseconds; `json`: JSON text. */
export type LakeColumnType = 'string' | 'timestamp' | 'json' | 'boolean'

export interface LakeColumn<Name extends string = string> {
  /** snake_case: Glue and Athena fold names to lower case. */
  name: Name
  type: LakeColumnType
  /** Never null in a row (the collector always sets it). */
  required: boolean
  description: string
}

const column = <Name extends string>(
  name: Name,
  type: LakeColumnType,
  description: string,
  required = false,
): LakeColumn<Name> => ({ name, type, required, description })

/** Every column of a lake row, in order. */
export const LAKE_COLUMNS = [
  column('message_id', 'string', 'the event’s `messageId` (duplicates share it)', true),
  column('type', 'string', '`track`, `page`, `screen`, `identify`, `group` or `alias`', true),
  column('event', 'string', 'a track’s event name'),
  column('name', 'string', 'a page’s or screen’s name'),
  column('anonymous_id', 'string', '`anonymousId`'),
  column('user_id', 'string', '`userId`'),
  column('group_id', 'string', 'a group call’s `groupId`'),
  column('previous_id', 'string', 'an alias call’s `previousId`'),
  column('timestamp', 'timestamp', 'when it happened: the skew-corrected time', true),
  column('original_timestamp', 'timestamp', 'the client’s own time, as sent'),
  column('sent_at', 'timestamp', 'when the client sent it'),
  column('received_at', 'timestamp', 'when the collector received it', true),
  column('source_id', 'string', 'the source whose write key sent it', true),
  column('partition_key', 'string', 'the Kinesis partition key: `anonymousId ?? userId`', true),
  column('page_url', 'string', '`context.page.url` (a page call’s `properties.url` else)'),
  column('page_path', 'string', '`context.page.path` (or `properties.path`)'),
  column('page_title', 'string', '`context.page.title` (or `properties.title`)'),
  column('page_referrer', 'string', '`context.page.referrer` (or `properties.referrer`)'),
  column('page_search', 'string', '`context.page.search` (or `properties.search`)'),
  column('campaign_name', 'string', '`context.campaign.name` (utm_campaign)'),
  column('campaign_source', 'string', '`context.campaign.source` (utm_source)'),
  column('campaign_medium', 'string', '`context.campaign.medium` (utm_medium)'),
  column('campaign_term', 'string', '`context.campaign.term` (utm_term)'),
  column('campaign_content', 'string', '`context.campaign.content` (utm_content)'),
  column('library_name', 'string', '`context.library.name`: the SDK'),
  column('library_version', 'string', '`context.library.version`'),
  column('locale', 'string', '`context.locale`'),
  column('timezone', 'string', '`context.timezone`'),
  column('user_agent', 'string', '`context.userAgent`'),
  column('ip', 'string', '`context.ip` (anonymised when the source says so)'),
  column('properties', 'json', 'a track’s, page’s or screen’s `properties`'),
  column('traits', 'json', 'an identify’s or group’s `traits`'),
  column('context', 'json', 'the rest of `context`: what no column above holds'),
  column('integrations', 'json', '`integrations`'),
  column(
    'violations',
    'json',
    'the tracking-plan violations the collector recorded on a flagged event (`context.violations`: `[{ path, code, message }]`)',
  ),
  // Enrichment (`@clickstream/enrich`), added by the lake's transformation, not by the collector.
  column(
    'device_type',
    'string',
    '`desktop`, `mobile`, `tablet`, `bot` or `other`, from the user agent',
  ),
  column('browser_name', 'string', 'the browser, from the user agent (or client hints)'),
  column('browser_version', 'string', 'the browser’s version'),
  column('os_name', 'string', 'the operating system'),
  column('os_version', 'string', 'the operating system’s version'),
  column(
    'is_bot',
    'boolean',
    'a crawler, monitor or other automated client (user agent or IP range)',
  ),
  column('country', 'string', 'ISO 3166-1 alpha-2 country of `context.ip`'),
  column('region', 'string', 'region of `context.ip`, where the geo database has it'),
  column('city', 'string', 'city of `context.ip`, where the geo database has it'),
  column(
    'channel',
    'string',
    'traffic channel: `direct`, `organic_search`, `paid_search`, `social`, `email`, `referral`, `display`, `other`',
  ),
  column(
    'traffic_source',
    'string',
    'traffic source: utm_source, a click id’s network or the referrer’s',
  ),
  column(
    'traffic_medium',
    'string',
    'traffic medium: utm_medium, `cpc`, `organic`, `social`, `email`, `referral` or `(none)`',
  ),
] as const

/** The name of a lake column. */
export type LakeColumnName = (typeof LAKE_COLUMNS)[number]['name']

/** A column's value in a row: text, epoch milliseconds for a `timestamp`, a boolean, or null. */
export type LakeValue = string | number | boolean | null

/** One event as a row: every column of {@link LAKE_COLUMNS}, by name. */
export type LakeRow = Record<LakeColumnName, LakeValue>

/**
 * The lake's one partition column: the UTC date of the event's corrected `timestamp`, so a query
 * on a date range reads only those days' files and a late event (an offline queue flushed days
 * later) counts on the day it happened. Files live under `events/event_date=YYYY-MM-DD/`, locally
 * and on S3 (Hive style: DuckDB's `hive_partitioning`, Athena's partition projection).
 */
export const LAKE_PARTITION_COLUMN = 'event_date'

/** The first partition: an event dated before 1970 (a backfill, a broken clock) is filed here. */
export const LAKE_EARLIEST_DATE = '1970-01-01'

/** `YYYY-MM-DD` (UTC) of epoch milliseconds: the partition an event with that time goes to. */
export function lakeEventDate(epochMs: number): string {
  return formatTimestamp(Math.max(0, epochMs)).slice(0, 10)
}
