import type { SessionRecord } from '@clickstream/schema'
import type { SessionStore } from '@clickstream/sessionizer-lambda'

/** Every session of these keys, without `updatedAt` (when it was written, not what it is). */
export async function sessionsOfKeys(store: SessionStore, keys: readonly string[]) {
  const all: Omit<SessionRecord, 'updatedAt'>[] = []
  for (const key of keys) {
    for (const { updatedAt: _, ...session } of await store.sessionsOfKey(key)) all.push(session)
  }
  return all
}
