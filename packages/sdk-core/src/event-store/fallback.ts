import type { EventStore } from './event-store.js'

/**
 * A store that uses the first of `candidates` that works and moves to the next one whenever an
 * operation throws (IndexedDB missing or broken in private mode, localStorage over quota, …), then
 * repeats the operation there. Events left in a store that broke stay there for a later page load.
 * Candidates are factories, so a store that is never needed is never opened.
 */
export function createFallbackStore(
  candidates: ReadonlyArray<() => EventStore>,
  onFallback?: (error: unknown, index: number) => void,
): EventStore {
  let index = 0
  let current: EventStore | undefined

  const run = async <T>(op: (store: EventStore) => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        current ??= (candidates[index] as () => EventStore)()
        return await op(current)
      } catch (error) {
        if (index >= candidates.length - 1) throw error
        current = undefined
        index++
        onFallback?.(error, index)
      }
    }
  }

  return {
    add: (event) => run((s) => s.add(event)),
    peek: (limit) => run((s) => s.peek(limit)),
    remove: (ids) => run((s) => s.remove(ids)),
    count: () => run((s) => s.count()),
  }
}
