import { bodyOf, descriptionOf, readSql, type SqlDialect, sqlFiles } from './sql-text.js'
import { type EventDateRange, lakeViews, type ViewOptions, withViews } from './views.js'

export type { SqlDialect } from './sql-text.js'

/** One named query: its file name, the description its first comment gives, runnable text. */
export interface NamedQuery {
  name: string
  description: string
  sql: string
}

export interface NamedQueryOptions extends ViewOptions {
  /** The event dates the query reads. @default { days: 30 } (today and the 29 days before, UTC) */
  range?: EventDateRange
}

/** What a named query reads unless told otherwise: the Athena text is bounded, so is DuckDB's. */
export const DEFAULT_RANGE: EventDateRange = { days: 30 }

/**
 * The named queries (`sql/queries/*.sql`), one source for both engines: each file is written
 * against the lake's views in the SQL both DuckDB and Athena (Trino) accept. The text for a
 * dialect carries the views the query reads as CTEs, in that dialect, over its rows (DuckDB's
 * `events_raw` view, Athena's Glue table), restricted to the query's event-date range: Athena
 * has none of the views, and a CTE prunes partitions where a view could not.
 */
export function namedQueries(dialect: SqlDialect, options: NamedQueryOptions = {}): NamedQuery[] {
  const views = lakeViews(dialect, { ...options, range: options.range ?? DEFAULT_RANGE })
  return sqlFiles('queries').map((file) => {
    const text = readSql('queries', file)
    const name = file.slice(0, -'.sql'.length)
    const description = descriptionOf(text, name)
    const sql = withViews(bodyOf(text), views)
    return { name, description, sql: `-- ${description}\n${sql}` }
  })
}
