export type { RowHead } from './flatten.js'
export { flattenEnvelope, flattenEvent } from './flatten.js'
