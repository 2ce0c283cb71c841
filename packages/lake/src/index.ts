export type { GlueColumn } from './engines.js'
export { duckdbCasts, duckdbColumns, glueColumns } from './engines.js'
export type { LakeError, LakeErrorCode } from './errors.js'
export {
  CorruptParquetError,
  EXIT_CODES,
  FullScanError,
  InvalidOptionError,
  isLakeError,
  NoLakeError,
  ParquetWriteError,
  QueryError,
  SessionsTableError,
  UnknownQueryError,
} from './errors.js'
export type { RowHead } from './flatten.js'
export { flattenEnvelope, flattenEvent } from './flatten.js'
export { archiveHourFolder, EVENTS_FOLDER, eventsGlob, partitionFolder } from './layout.js'
export type { ParquetWriter, WrittenFile } from './parquet.js'
export { createParquetWriter } from './parquet.js'
export { lakeFiles } from './sql/lake-files.js'
export type { NamedQuery, NamedQueryOptions, SqlDialect } from './sql/named-queries.js'
export { DEFAULT_RANGE, namedQueries } from './sql/named-queries.js'
export type { Lake, LakeOptions, QueryResult } from './sql/open-lake.js'
export { openLake } from './sql/open-lake.js'
export type {
  PanelFilters,
  PanelName,
  PanelOptions,
  PanelQuery,
  PanelTables,
} from './sql/panels.js'
export {
  DEFAULT_FUNNEL_STEPS,
  MAX_FILTER_LENGTH,
  MAX_FUNNEL_STEPS,
  MAX_PANEL_DAYS,
  materializePanelTables,
  PANELS,
  panelQuery,
} from './sql/panels.js'
export { sqlLiteral } from './sql/sql-text.js'
export type { EventDateRange, LakeView, LakeViewName, ViewOptions } from './sql/views.js'
export { LAKE_VIEWS, lakeViews, RAW_RELATION } from './sql/views.js'
export type {
  TransformFailure,
  TransformFailureReason,
  TransformInput,
  TransformOptions,
  TransformOutput,
  TransformResult,
} from './transform.js'
export { transformRecords } from './transform.js'
export { unflattenRow } from './unflatten.js'
