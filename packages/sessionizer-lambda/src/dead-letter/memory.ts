import type { DeadLetter, DeadLetterEntry } from './dead-letter.js'

/** Keeps dead letters in an array (tests, local runs). */
export function createMemoryDeadLetter(): DeadLetter & { readonly entries: DeadLetterEntry[] } {
  const entries: DeadLetterEntry[] = []
  return {
    entries,
    async put(batch) {
      entries.push(...structuredClone(batch))
    },
  }
}
