import {
  InvalidOptionError,
  type Lake,
  lakeFiles,
  materializePanelTables,
  NoLakeError,
  openLake,
  PANELS,
  type PanelFilters,
  type PanelName,
  type PanelOptions,
  panelQuery,
} from '@clickstream/lake'

export interface AnalyticsOptions {
  /** The lake's root (`<dataDir>/lake`, the pipeline's `lake.lakeRoot`). */
  lakeRoot: string
  /** The sessions' rules, as the pipeline's sessionizer has them. */
  gapMs?: number
  maxSessionMs?: number
  /** @default Date.now */
  now?: () => number
}

/** What `GET /api/analytics/<panel>` answers. */
export interface PanelAnswer {
  panel: PanelName
  description: string
  columns: string[]
  rows: unknown[][]
  /** The panel's text with the filters in it: DuckDB's for `pnpm sql`, Athena's for the Glue table. */
  sql: { duckdb: string; athena: string }
  filters: Required<Pick<PanelFilters, 'from' | 'to' | 'bots'>> & PanelFilters
  /** Set when the lake has no files yet: why there are no rows. */
  empty?: string
}

export interface Analytics {
  /** One panel for the request's query parameters; `InvalidOptionError` names a bad one. */
  answer(panel: PanelName, query: URLSearchParams): Promise<PanelAnswer>
  /** Waits for the query in flight, then closes the lake. */
  close(): Promise<void>
}

/** The panels' tables, made from the lake's views once per set of files. */
const TABLES = { sessionEvents: 'panel_session_events', personSessions: 'panel_person_sessions' }
const DEFAULT_DAYS = 7
const DAY_MS = 86_400_000
const FILTERS = ['source', 'channel', 'device', 'country'] as const

export const isPanel = (name: string): name is PanelName =>
  (PANELS as readonly string[]).includes(name)

/** The query parameters as panel options: empty text is no filter; the range defaults to the last 7 days. */
export function panelOptionsOf(query: URLSearchParams, now: number): PanelOptions {
  const one = (name: string) => {
    const values = query.getAll(name)
    if (values.length > 1)
      throw new InvalidOptionError(name, `given once, not ${values.length} times`)
    return values[0] === '' ? undefined : values[0]
  }
  const today = new Date(now).toISOString().slice(0, 10)
  const to = one('to') ?? today
  const from =
    one('from') ??
    new Date(
      Date.parse(`${/^\d{4}-\d{2}-\d{2}$/.test(to) ? to : today}T00:00:00Z`) -
        (DEFAULT_DAYS - 1) * DAY_MS,
    )
      .toISOString()
      .slice(0, 10)
  const bots = one('bots') ?? 'hide'
  if (bots !== 'hide' && bots !== 'show')
    throw new InvalidOptionError('bots', `show or hide, not ${JSON.stringify(bots)}`)
  const bucket = one('bucket')
  if (bucket !== undefined && bucket !== 'hour' && bucket !== 'day')
    throw new InvalidOptionError('bucket', `hour or day, not ${JSON.stringify(bucket)}`)
  const filters: PanelFilters = { from, to, bots: bots === 'show' }
  for (const name of FILTERS) {
    const value = one(name)
    if (value !== undefined) filters[name] = value
  }
  const steps = query.getAll('step').filter((step) => step !== '')
  return {
    filters,
    ...(bucket ? { bucket } : {}),
    ...(steps.length > 0 ? { steps } : {}),
    ...(one('page') !== undefined ? { page: one('page') } : {}),
  }
}

/**
 * The dashboard's queries on the local lake: opened once (when it first has files), its sessions
 * made into the panels' tables again whenever the set of Parquet files changed, queries one at a
 * time on the one connection.
 */
export function createAnalytics(o: AnalyticsOptions): Analytics {
  const now = o.now ?? Date.now
  let lake: Lake | undefined
  let madeFor = ''
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task)
    queue = next.catch(() => {})
    return next
  }
  const filesNow = () => {
    try {
      return lakeFiles(o.lakeRoot)
    } catch (error) {
      if (error instanceof NoLakeError) return []
      throw error
    }
  }
  /** The lake with up-to-date tables, or undefined while it has no file. */
  const ready = async (): Promise<Lake | undefined> => {
    const files = filesNow()
    if (files.length === 0 || closed) return undefined
    lake ??= await openLake({
      lake: o.lakeRoot,
      fullScan: true, // the tables read every date by intent; each panel bounds its own range
      ...(o.gapMs === undefined ? {} : { gapMs: o.gapMs }),
      ...(o.maxSessionMs === undefined ? {} : { maxSessionMs: o.maxSessionMs }),
    })
    const signature = files.join('\n')
    if (signature !== madeFor) {
      const opened = lake
      await materializePanelTables((sql) => opened.query(sql), TABLES)
      madeFor = signature
    }
    return lake
  }
  const rules = {
    ...(o.gapMs === undefined ? {} : { gapMs: o.gapMs }),
    ...(o.maxSessionMs === undefined ? {} : { maxSessionMs: o.maxSessionMs }),
  }
  return {
    answer: (panel, query) =>
      serial(async () => {
        const options = { ...panelOptionsOf(query, now()), ...rules }
        const duckdb = panelQuery(panel, 'duckdb', options)
        const athena = panelQuery(panel, 'athena', options)
        const filters = { ...options.filters, bots: options.filters.bots ?? false }
        const base = {
          panel,
          description: duckdb.description,
          sql: { duckdb: duckdb.sql, athena: athena.sql },
          filters,
        }
        const open = await ready()
        if (!open)
          return {
            ...base,
            columns: [],
            rows: [],
            empty: `the lake at ${o.lakeRoot} has no Parquet files yet: events reach it at the delivery stream's next flush (10 s by default)`,
          }
        const result = await open.query(
          panelQuery(panel, 'duckdb', { ...options, tables: TABLES }).sql,
        )
        return { ...base, ...result }
      }),
    async close() {
      closed = true
      await queue
      lake?.close()
      lake = undefined
    },
  }
}
