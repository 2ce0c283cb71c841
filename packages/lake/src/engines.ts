import { LAKE_COLUMNS, type LakeColumn, type LakeColumnType } from '@clickstream/schema'

/**
 * The lake's columns as each engine types them, all derived from `LAKE_COLUMNS`. Timestamps are
 * UTC instants with milliseconds; JSON columns are text that the engines' JSON functions read.
 */
const ENGINE_TYPES: Record<LakeColumnType, { glue: string; duckdb: string }> = {
  string: { glue: 'string', duckdb: 'VARCHAR' },
  // UTC instants without a zone: DuckDB writes TIMESTAMP_MILLIS (isAdjustedToUTC=0), Firehose
  // its own Parquet timestamps; both engines read them as `timestamp`, the value in UTC.
  timestamp: { glue: 'timestamp', duckdb: 'TIMESTAMP_MS' },
  // Glue has no JSON type: `json_extract` reads the text on Athena; DuckDB's JSON is text too.
  json: { glue: 'string', duckdb: 'JSON' },
  boolean: { glue: 'boolean', duckdb: 'BOOLEAN' },
}

/** A Glue table column (`AWS::Glue::Table` `StorageDescriptor.Columns`). */
export interface GlueColumn {
  Name: string
  Type: string
  Comment: string
}

/** The Glue table's columns, in order, with each column's description as its comment. */
export function glueColumns(columns: readonly LakeColumn[] = LAKE_COLUMNS): GlueColumn[] {
  return columns.map((c) => ({
    Name: c.name,
    Type: ENGINE_TYPES[c.type].glue,
    Comment: c.description.slice(0, 255), // Glue's limit
  }))
}

/** DuckDB's column list for `read_parquet`/`CREATE TABLE`: `"name" TYPE, …`, in order. */
export function duckdbColumns(columns: readonly LakeColumn[] = LAKE_COLUMNS): string {
  return columns.map((c) => `"${c.name}" ${ENGINE_TYPES[c.type].duckdb}`).join(', ')
}

/**
 * DuckDB's select list that types a file's columns as the lake's (`CAST("name" AS TYPE) AS
 * "name", …`): a file Firehose converted may hold JSON columns as plain strings and timestamps
 * in another unit; every reader sees `duckdbColumns()`' types.
 */
export function duckdbCasts(columns: readonly LakeColumn[] = LAKE_COLUMNS): string {
  return columns
    .map((c) => `CAST("${c.name}" AS ${ENGINE_TYPES[c.type].duckdb}) AS "${c.name}"`)
    .join(', ')
}
