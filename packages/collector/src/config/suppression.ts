import { createSuppression, type Suppression, type SuppressionList } from '@clickstream/privacy'
import { createRefreshing } from './refreshing.js'

export interface SuppressionProvider {
  /** Reads the list if it is due; the first call reads it (await it before serving). */
  refresh(): Promise<void>
  /** The check of the list in force (re-read in the background when due); none: not readable. */
  current(): Suppression | undefined
  /** Why the last read failed, if it did. */
  lastError(): unknown
}

/**
 * The suppression list from its store, re-read every `ttlMs` (a deletion is in force within it);
 * a store that stays unreadable makes it unavailable after ten TTLs (the collector then answers
 * 503 rather than store what might be a deleted person's events).
 */
export function createSuppressionProvider(
  read: () => Promise<SuppressionList>,
  ttlMs: number,
  onError: (error: unknown) => void,
): SuppressionProvider {
  let failure: unknown
  const refreshing = createRefreshing({
    read: async () => {
      const list = await read()
      failure = undefined
      return list
    },
    ttlMs,
    maxStaleMs: 10 * ttlMs,
    onError: (error) => {
      failure = error
      onError(error)
    },
  })
  let built: { list: SuppressionList; check: Suppression } | undefined
  return {
    refresh: () => refreshing.refresh(),
    lastError: () => failure,
    current() {
      void refreshing.refresh()
      const list = refreshing.current()
      if (list === undefined) return undefined
      if (built?.list !== list) built = { list, check: createSuppression(list) }
      return built.check
    },
  }
}
