import { byIdentity, type DeadLetter, type DeadLetterEntry, ofDay } from './dead-letter.js'

/**
 * Keeps dead letters in memory (tests, local runs), one per identity (`deadLetterId`):
 * putting an entry again replaces it, as the table adapter does.
 */
export function createMemoryDeadLetter(): DeadLetter & {
  /** Every entry held, in the order first set aside. */
  readonly entries: DeadLetterEntry[]
  /** The entries whose records reached the stream on one UTC day (`yyyy-mm-dd`), oldest first. */
  list(day: string): Promise<DeadLetterEntry[]>
} {
  const byId = new Map<string, DeadLetterEntry>()
  return {
    get entries() {
      return structuredClone([...byId.values()])
    },
    async put(batch) {
      for (const [id, entry] of byIdentity(structuredClone(batch))) byId.set(id, entry)
    },
    async list(day) {
      return structuredClone(ofDay([...byId.values()], day))
    },
  }
}
