export type { GlueColumn } from './engines.js'
export { duckdbColumns, glueColumns } from './engines.js'
export type { RowHead } from './flatten.js'
export { flattenEnvelope, flattenEvent } from './flatten.js'
export type { ParquetWriter, WrittenFile } from './parquet.js'
export { createParquetWriter } from './parquet.js'
export type { NamedQuery, SqlDialect } from './sql/named-queries.js'
export { namedQueries } from './sql/named-queries.js'
export type {
  TransformFailure,
  TransformFailureReason,
  TransformInput,
  TransformOutput,
  TransformResult,
} from './transform.js'
export { transformRecords } from './transform.js'
export { unflattenRow } from './unflatten.js'
