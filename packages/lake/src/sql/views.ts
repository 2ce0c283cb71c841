import { LAKE_COLUMNS, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { resolveSessionRules } from '@clickstream/sessionizer-lambda'
import { InvalidOptionError } from '../errors.js'
import {
  bodyOf,
  descriptionOf,
  indent,
  readSql,
  reads,
  render,
  type SqlDialect,
  sqlFiles,
} from './sql-text.js'

/** The lake's views, in dependency order: each reads only the ones before it (and the rows). */
export const LAKE_VIEWS = [
  'events',
  'pages',
  'tracks',
  'identifies',
  'violations',
  'session_facts',
  'session_runs',
  'session_events',
  'sessions',
  'counted_events',
  'counted_sessions',
  'identity_links',
  'identity_conflicts',
  'identity_segments',
  'identity_map',
  'person_events',
  'person_sessions',
  'persons',
] as const
export type LakeViewName = (typeof LAKE_VIEWS)[number]

/** The relation of every row, duplicates included: DuckDB's base view, Athena's Glue table. */
export const RAW_RELATION = 'events_raw'

/** Which event dates the views read: all, an inclusive range, or the last `days` days. */
export type EventDateRange = { from: string; to: string } | { days: number } | 'all'

export interface ViewOptions {
  /** The sessionizer's inactivity gap. @default 1_800_000 (its `SESSION_GAP_MS` default) */
  gapMs?: number
  /** The sessionizer's maximum session length. @default 86_400_000 (its `MAX_SESSION_MS` default) */
  maxSessionMs?: number
  /** @default 'all' */
  range?: EventDateRange
  /** Athena: the Glue table of the lake's rows. @default 'events_raw' */
  table?: string
  /**
   * Whether `counted_events` and `counted_sessions` (what the named queries count) keep bots'
   * events and sessions (`is_bot`). Rows written without enrichment count as no bot's.
   * @default false
   */
  includeBots?: boolean
}

/** The condition `counted_events` and `counted_sessions` keep their rows by. */
export const botCondition = (includeBots = false): string =>
  includeBots ? 'TRUE' : 'coalesce(is_bot, false) = false'

export interface LakeView {
  name: LakeViewName
  description: string
  /** The view's query (a `SELECT`/`WITH`), placeholders filled. */
  sql: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The `WHERE` restriction of a range on the partition column (a string `YYYY-MM-DD` on both engines). */
export function rangeCondition(range: EventDateRange = 'all'): string {
  if (range === 'all') return 'TRUE'
  if ('days' in range) {
    if (!Number.isInteger(range.days) || range.days < 1)
      throw new InvalidOptionError('days', `a whole number of days ≥ 1, not ${range.days}`)
    return `${LAKE_PARTITION_COLUMN} >= CAST(CAST(current_date - INTERVAL '${range.days - 1}' DAY AS DATE) AS VARCHAR)`
  }
  for (const [option, value] of [
    ['from', range.from],
    ['to', range.to],
  ] as const)
    if (!DATE.test(value) || Number.isNaN(Date.parse(value)))
      throw new InvalidOptionError(option, `a date YYYY-MM-DD, not ${JSON.stringify(value)}`)
  return `${LAKE_PARTITION_COLUMN} BETWEEN '${range.from}' AND '${range.to}'`
}

/** A view's file: `<name>.<dialect>.sql` when the dialects differ, else `<name>.sql`. */
function viewFile(name: LakeViewName, dialect: SqlDialect): string {
  const files = sqlFiles('views')
  const own = `${name}.${dialect}.sql`
  return files.includes(own) ? own : `${name}.sql`
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The views as `dialect` runs them, in dependency order. */
export function lakeViews(dialect: SqlDialect, options: ViewOptions = {}): LakeView[] {
  const rules = resolveSessionRules({ gapMs: options.gapMs, maxSessionMs: options.maxSessionMs })
  const table = options.table ?? RAW_RELATION
  if (!TABLE_NAME.test(table))
    throw new InvalidOptionError('table', `a Glue table name, not ${JSON.stringify(table)}`)
  const values = {
    columns: [...LAKE_COLUMNS.map((c) => c.name), LAKE_PARTITION_COLUMN]
      .map((name) => `"${name}"`)
      .join(', '),
    source: dialect === 'athena' ? `"${table}"` : RAW_RELATION,
    event_date_range: rangeCondition(options.range),
    gap_ms: String(rules.gapMs),
    max_session_ms: String(rules.maxSessionMs),
    max_session_ms_plus_one: String(rules.maxSessionMs + 1),
    bot_condition: botCondition(options.includeBots),
  }
  return LAKE_VIEWS.map((name) => {
    const text = readSql('views', viewFile(name, dialect))
    return { name, description: descriptionOf(text, name), sql: bodyOf(render(text, values)) }
  })
}

/** The views `sql` reads, with the views those read, in dependency order. */
export function viewsRead<V extends { name: string; sql: string }>(
  sql: string,
  views: readonly V[],
): V[] {
  const needed = new Set<string>()
  const visit = (text: string) => {
    for (const view of views)
      if (!needed.has(view.name) && reads(text, view.name)) {
        needed.add(view.name)
        visit(view.sql)
      }
  }
  visit(sql)
  return views.filter((view) => needed.has(view.name))
}

/** `body` with the views it reads (and those they read) as CTEs before its own, in dependency order. */
export function withViews(body: string, views: readonly { name: string; sql: string }[]): string {
  const ctes = viewsRead(body, views).map((view) => `${view.name} AS (\n${indent(view.sql)}\n)`)
  const own = /^WITH\s+/i.exec(body)
  const rest = own ? body.slice(own[0].length) : body
  return ctes.length === 0 ? body : `WITH\n${ctes.join(',\n')}${own ? `,\n${rest}` : `\n${rest}`}`
}
