import { LAKE_COLUMNS, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { duckdbCasts } from '../engines.js'
import { CorruptParquetError, FullScanError, QueryError } from '../errors.js'
import { eventsGlob } from '../layout.js'
import { lakeFiles } from './lake-files.js'
import { checkScan } from './scan-guard.js'
import { sqlLiteral } from './sql-text.js'
import { type EventDateRange, lakeViews, RAW_RELATION } from './views.js'

export interface LakeOptions {
  /** The lake's root: the folder holding `events/`. */
  lake: string
  /** The sessions view's inactivity gap. @default the sessionizer's (30 min) */
  gapMs?: number
  /** The sessions view's maximum length. @default the sessionizer's (24 h) */
  maxSessionMs?: number
  /** The event dates every view reads (a restriction that prunes files). @default 'all' */
  range?: EventDateRange
  /** Above this many files, a query reading the whole lake is refused. @default 1000 */
  maxScanFiles?: number
  /** Allow queries that read the whole lake however big it is. @default false */
  fullScan?: boolean
  /** `counted_events` and `counted_sessions` keep bots' events and sessions. @default false */
  includeBots?: boolean
  /**
   * Only the rows of these partition keys (`anonymousId ?? userId`): every view then reads a few
   * people's events, each key whole (its sessions and identity links complete). @default every row
   */
  partitionKeys?: readonly string[]
}

/** A query's answer: column names and rows of JSON-safe values (big integers as strings). */
export interface QueryResult {
  columns: string[]
  rows: unknown[][]
}

export interface Lake {
  /** Runs SQL on the views (statements separated by `;`: the last one's answer). */
  query(sql: string): Promise<QueryResult>
  /** The connection, for callers that load tables of their own (e.g. `--reconcile`). */
  readonly connection: DuckDBConnection
  readonly files: number
  close(): void
}

/**
 * Opens the lake with an in-process DuckDB: `events_raw` (every row, typed as the lake's
 * columns whatever wrote the file) over the Parquet files, and the views of `lakeViews`. No
 * file is written; a lake without files answers every query with no rows.
 */
export async function openLake(options: LakeOptions): Promise<Lake> {
  const files = lakeFiles(options.lake)
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const range = options.range ?? 'all'
  const maxScanFiles = options.maxScanFiles ?? 1000
  try {
    await connection.run(
      `CREATE VIEW ${RAW_RELATION} AS ${rawSelect(options.lake, files.length, options.partitionKeys)}`,
    )
    for (const view of lakeViews('duckdb', { ...options, range }))
      await connection.run(`CREATE VIEW ${view.name} AS ${view.sql}`)
  } catch (error) {
    connection.closeSync()
    instance.closeSync()
    throw duckdbError(error, options.lake) // a file whose schema cannot be read fails here
  }
  const guard = async (sql: string) => {
    if (options.fullScan || range !== 'all' || files.length <= maxScanFiles) return
    const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${sqlLiteral(sql)})`)
    const tree = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as { error?: boolean }
    if (tree.error) return // not a SELECT (or no SQL): DuckDB answers it below
    const { unrestricted } = checkScan(tree)
    if (unrestricted.length > 0) throw new FullScanError(unrestricted, files.length, maxScanFiles)
  }
  return {
    connection,
    files: files.length,
    async query(sql) {
      await guard(sql)
      try {
        const reader = await connection.runAndReadAll(sql)
        return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] }
      } catch (error) {
        throw duckdbError(error, options.lake)
      }
    },
    close() {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** The rows of every file, typed; with no file, an empty relation of the same columns. */
function rawSelect(lake: string, files: number, keys?: readonly string[]): string {
  const columns = `${duckdbCasts()}, CAST("${LAKE_PARTITION_COLUMN}" AS VARCHAR) AS "${LAKE_PARTITION_COLUMN}"`
  if (files === 0) {
    const nulls = [...LAKE_COLUMNS.map((c) => c.name), LAKE_PARTITION_COLUMN]
      .map((name) => `NULL AS "${name}"`)
      .join(', ')
    return `SELECT ${columns} FROM (SELECT ${nulls}) WHERE FALSE`
  }
  const only = keys
    ? ` WHERE partition_key IN (${keys.length ? keys.map(sqlLiteral).join(', ') : 'NULL'})`
    : ''
  return `SELECT ${columns} FROM read_parquet(${sqlLiteral(eventsGlob(lake))}, hive_partitioning = true, union_by_name = true, hive_types = {'${LAKE_PARTITION_COLUMN}': VARCHAR})${only}`
}

/** DuckDB's error as the lake's: a file of the lake it cannot read, or the query's own error. */
function duckdbError(error: unknown, lake: string): Error {
  const message = error instanceof Error ? error.message : String(error)
  const file = /['"]([^'"]+\.parquet)['"]/.exec(message)?.[1]
  if (file?.startsWith(lake)) return new CorruptParquetError(file, firstLine(message))
  return new QueryError(message)
}

const firstLine = (text: string) => text.split('\n')[0] ?? text
