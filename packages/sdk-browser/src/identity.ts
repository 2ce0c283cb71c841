import { isObject, uuid } from '@clickstream/sdk-core'
import { attempt } from './attempt.js'
import type { Persistence } from './persistence.js'

export const ANONYMOUS_ID = 'cs_aid'
const USER_ID = 'cs_uid'
const TRAITS = 'cs_traits'

export type Traits = Record<string, unknown>

/** What `analytics.user()` shows, as in Segment. */
export interface User {
  /** The user id from `identify`, or `null`. */
  id(): string | null
  anonymousId(): string
  traits(): Traits
}

/** The visitor: a persisted anonymous id, and the user id and traits from `identify`. */
export interface Identity extends User {
  /** Sets the user id (`null` keeps the current one); traits are merged, or replaced for a new user. */
  identify(userId: string | null, traits: Traits | undefined): void
  /** Forgets the user and starts a new anonymous id. */
  reset(): void
}

export function createIdentity(store: Persistence): Identity {
  const readTraits = (): Traits => {
    const value = attempt(() => JSON.parse(store.read(TRAITS) ?? '{}'))
    return isObject(value) ? value : {}
  }
  const anonymousId = () => {
    let id = store.read(ANONYMOUS_ID)
    if (!id) {
      id = uuid()
      store.write(ANONYMOUS_ID, id, true)
    }
    return id
  }
  return {
    anonymousId,
    id: () => store.read(USER_ID),
    traits: readTraits,
    identify(userId, traits) {
      const current = store.read(USER_ID)
      const sameUser = userId == null || userId === current
      if (userId != null) store.write(USER_ID, userId, true)
      const merged = { ...(sameUser ? readTraits() : {}), ...traits }
      // traits that cannot be serialised are not persisted; the event itself reports them
      attempt(() => store.write(TRAITS, JSON.stringify(merged)))
    },
    reset() {
      store.erase(USER_ID)
      store.erase(TRAITS)
      store.erase(ANONYMOUS_ID)
      anonymousId()
    },
  }
}
