export type { GlueColumn } from './engines.js'
export { duckdbColumns, glueColumns } from './engines.js'
export type { RowHead } from './flatten.js'
export { flattenEnvelope, flattenEvent } from './flatten.js'
