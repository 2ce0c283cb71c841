import type { SuppressionList } from '../suppression.js'

/**
 * Where the suppression list lives (the port): a file locally, an S3 object on AWS, memory in
 * tests. Every adapter passes `suppression-store.contract.ts`.
 */
export interface SuppressionStore {
  /** The list as stored; the empty list when there is none yet. */
  read(): Promise<SuppressionList>
  /** Adds digests (`personKey`); those already there are not added twice. Resolves with how many were new. */
  add(ids: readonly string[]): Promise<number>
}

/** The list with `ids` added once each, in order; what every adapter's `add` writes. */
export function withAdded(
  list: SuppressionList,
  ids: readonly string[],
): [SuppressionList, number] {
  const present = new Set(list.ids)
  const fresh = ids.filter((id) => {
    if (present.has(id)) return false
    present.add(id)
    return true
  })
  return [{ v: 1, ids: [...list.ids, ...fresh] }, fresh.length]
}
