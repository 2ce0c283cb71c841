import { EMPTY_SUPPRESSION, type SuppressionList } from '../suppression.js'
import { type SuppressionStore, withAdded } from './store.js'

/** A suppression store in memory (tests, a collector configured inline). */
export function createMemorySuppressionStore(
  initial: SuppressionList = EMPTY_SUPPRESSION,
): SuppressionStore {
  let list = initial
  return {
    read: async () => list,
    async add(ids) {
      const [next, added] = withAdded(list, ids)
      list = next
      return added
    },
  }
}
