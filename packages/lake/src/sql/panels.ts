import { InvalidOptionError } from '../errors.js'
import { bodyOf, descriptionOf, readSql, render, type SqlDialect, sqlLiteral } from './sql-text.js'
import { botCondition, lakeViews, type ViewOptions, withViews } from './views.js'

/** The dashboard's panels (`sql/panels/*.sql`), in the order the page shows them. */
export const PANELS = [
  'visitors',
  'over_time',
  'top_pages',
  'top_events',
  'channels',
  'devices',
  'browsers',
  'countries',
  'session_lengths',
  'pages_per_session',
  'bounce_rate',
  'funnel',
  'paths',
] as const
export type PanelName = (typeof PANELS)[number]

/** The panels that show the previous period of equal length beside the chosen one. */
const WITH_PREVIOUS: ReadonlySet<PanelName> = new Set(['visitors', 'over_time'])

/** The funnel's default steps: the demo shop's checkout. */
export const DEFAULT_FUNNEL_STEPS = [
  'Product Viewed',
  'Product Added',
  'Checkout Started',
  'Order Completed',
] as const
/** The funnel's bound (its SQL follows up to this many steps). */
export const MAX_FUNNEL_STEPS = 5
/** The most days one dashboard range may span. */
export const MAX_PANEL_DAYS = 366
/** The longest text a filter value, a funnel step or a page may be. */
export const MAX_FILTER_LENGTH = 200

/**
 * What every panel is restricted to: event dates (inclusive, UTC), and the session's traffic
 * source, channel, device type and country (the sessionizer's rules: of its first event, first
 * with a user agent, first with an IP); bots' sessions are left out unless `bots`.
 */
export interface PanelFilters {
  from: string
  to: string
  source?: string | undefined
  channel?: string | undefined
  device?: string | undefined
  country?: string | undefined
  /** @default false */
  bots?: boolean | undefined
}

export interface PanelOptions extends Pick<ViewOptions, 'gapMs' | 'maxSessionMs' | 'table'> {
  filters: PanelFilters
  /** `over_time`'s buckets. @default 'hour' for up to 2 days, else 'day' */
  bucket?: 'hour' | 'day' | undefined
  /** `funnel`'s track events, in order (1 to 5). @default DEFAULT_FUNNEL_STEPS */
  steps?: readonly string[] | undefined
  /** `paths`: the page (path) whose next pages are counted. @default '/' */
  page?: string | undefined
  /**
   * DuckDB only: read `session_events` and `person_sessions` from tables made once by
   * {@link materializePanelTables} instead of computing them in the query (the sessions take
   * seconds per million events; the panels then take milliseconds). The text shown stays the
   * inlined one: the same answer, sessions crossing the range's edges aside.
   */
  tables?: PanelTables | undefined
}

/** The tables `materializePanelTables` makes. */
export interface PanelTables {
  sessionEvents: string
  personSessions: string
}

/** The columns of `session_events` the panels read (a narrow table is a fast one). */
const PANEL_EVENT_COLUMNS = [
  'session_id',
  'seq',
  'type',
  'event',
  'page_path',
  '"timestamp"',
  'event_date',
]
/** The columns of its session each event carries in the table: the person and what the filters read. */
const PANEL_SESSION_COLUMNS = [
  'person_id',
  'is_bot',
  'channel',
  'traffic_source',
  'device_type',
  'country',
]

/**
 * Makes (or remakes) the panels' tables on a lake's connection, from its views, over every event
 * date: `person_sessions`, and the events of `session_events` (the columns the panels read) with
 * their session's person and filter columns, so that a panel reads them without a join.
 */
export async function materializePanelTables(
  run: (sql: string) => Promise<unknown>,
  tables: PanelTables,
): Promise<void> {
  await run(`CREATE OR REPLACE TABLE ${tables.personSessions} AS SELECT * FROM person_sessions`)
  const columns = [
    ...PANEL_EVENT_COLUMNS.map((c) => `e.${c}`),
    ...PANEL_SESSION_COLUMNS.map((c) => `s.${c}`),
  ]
  await run(
    `CREATE OR REPLACE TABLE ${tables.sessionEvents} AS SELECT ${columns.join(', ')} FROM session_events AS e JOIN ${tables.personSessions} AS s ON s.session_id = e.session_id ORDER BY e.event_date, e.session_id, e.seq`,
  )
}

/** One panel's query, as text for a dialect: every view it reads inlined, the filters in it. */
export interface PanelQuery {
  name: PanelName
  description: string
  sql: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

function checkDate(option: 'from' | 'to', value: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`)
  if (!DATE.test(value) || Number.isNaN(ms) || dayOf(ms) !== value)
    throw new InvalidOptionError(option, `a date YYYY-MM-DD, not ${JSON.stringify(value)}`)
  return ms
}

function checkText(option: string, value: string): string {
  if (value.length === 0 || value.length > MAX_FILTER_LENGTH || CONTROL.test(value))
    throw new InvalidOptionError(
      option,
      `1 to ${MAX_FILTER_LENGTH} characters without control characters, not ${JSON.stringify(value.slice(0, MAX_FILTER_LENGTH + 1))}`,
    )
  return value
}

const inRangeOf = (range: { from: string; to: string }) =>
  `event_date BETWEEN '${range.from}' AND '${range.to}'`

/** The filters' `WHERE` condition on a session (panel_sessions): every value a quoted literal. */
export function panelFilterCondition(filters: PanelFilters): string {
  const conditions = filters.bots ? [] : [botCondition(false)]
  for (const [option, column] of [
    ['source', 'traffic_source'],
    ['channel', 'channel'],
    ['device', 'device_type'],
    ['country', 'country'],
  ] as const) {
    const value = filters[option]
    if (value !== undefined) conditions.push(`${column} = ${sqlLiteral(checkText(option, value))}`)
  }
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ')
}

interface Period {
  from: string
  to: string
  days: number
  /** The first day of the previous period of equal length. */
  previousFrom: string
}

function periodOf(filters: PanelFilters): Period {
  const from = checkDate('from', filters.from)
  const to = checkDate('to', filters.to)
  if (to < from)
    throw new InvalidOptionError('to', `on or after from (${filters.from}), not ${filters.to}`)
  const days = (to - from) / DAY_MS + 1
  if (days > MAX_PANEL_DAYS)
    throw new InvalidOptionError('to', `at most ${MAX_PANEL_DAYS} days after from, not ${days}`)
  return { from: filters.from, to: filters.to, days, previousFrom: dayOf(from - days * DAY_MS) }
}

function stepsOf(steps: readonly string[] | undefined): string {
  const list = steps ?? DEFAULT_FUNNEL_STEPS
  if (list.length < 1 || list.length > MAX_FUNNEL_STEPS)
    throw new InvalidOptionError(
      'steps',
      `1 to ${MAX_FUNNEL_STEPS} track events, not ${list.length}`,
    )
  return list
    .map((step, index) => `    (${index + 1}, ${sqlLiteral(checkText('steps', step))})`)
    .join(',\n')
}

/**
 * One panel of the dashboard as `dialect` runs it (DuckDB: ready for `pnpm sql`; Athena: over
 * the Glue table), written once in `sql/panels/<name>.sql` against `panel_sessions` and
 * `panel_events` (the lake's views restricted by the filters). Filter values become quoted
 * literals (`sqlLiteral`); a value it cannot take throws `InvalidOptionError` naming it.
 */
export function panelQuery(
  name: PanelName,
  dialect: SqlDialect,
  options: PanelOptions,
): PanelQuery {
  if (!PANELS.includes(name))
    throw new InvalidOptionError(
      'panel',
      `one of ${PANELS.join(', ')}, not ${JSON.stringify(name)}`,
    )
  const period = periodOf(options.filters)
  const range = { from: WITH_PREVIOUS.has(name) ? period.previousFrom : period.from, to: period.to }
  const bucket = options.bucket ?? (period.days <= 2 ? 'hour' : 'day')
  if (bucket !== 'hour' && bucket !== 'day')
    throw new InvalidOptionError('bucket', `hour or day, not ${JSON.stringify(bucket)}`)
  const page = sqlLiteral(checkText('page', options.page ?? '/'))
  const values: Record<string, string> = {
    panel_filter: panelFilterCondition(options.filters),
    from_ts: `TIMESTAMP '${period.from} 00:00:00'`,
    days: String(period.days),
    bucket,
    steps: name === 'funnel' ? stepsOf(options.steps) : '',
    page,
    page_text: page,
  }
  const panelViews = ['panel_sessions', 'panel_events'].map((view) => {
    const text = render(readSql('panels', `_${view}.sql`), values)
    return { name: view, description: descriptionOf(text, view), sql: bodyOf(text) }
  })
  const tables = options.tables
  if (tables) {
    // The events carry their session's filter columns: no join with the sessions.
    const events = panelViews[1] as (typeof panelViews)[number]
    events.sql = `SELECT * FROM ${tables.sessionEvents} WHERE ${inRangeOf(range)} AND ${values.panel_filter}`
  }
  if (tables && dialect !== 'duckdb')
    throw new InvalidOptionError('tables', 'materialized tables are DuckDB’s, not Athena’s')
  const inRange = inRangeOf(range)
  const base = tables
    ? [{ name: 'person_sessions', sql: `SELECT * FROM ${tables.personSessions} WHERE ${inRange}` }]
    : lakeViews(dialect, { ...options, range, includeBots: options.filters.bots ?? false })
  const views = [...base, ...panelViews]
  const text = render(readSql('panels', `${name}.sql`), values)
  const description = descriptionOf(text, name)
  return { name, description, sql: `-- ${description}\n${withViews(bodyOf(text), views)}` }
}
