export { SuppressionError, UnprocessedWritesError } from './errors.js'
export { createMemorySuppressionStore } from './store/memory.js'
export type { SuppressionStore } from './store/store.js'
export type { PersonIdKind, Suppression, SuppressionList } from './suppression.js'
export {
  createSuppression,
  EMPTY_SUPPRESSION,
  MAX_SUPPRESSED,
  parseSuppression,
  personKey,
} from './suppression.js'
