import { z } from 'zod'
import { SuppressionError } from './errors.js'

/** The most entries a suppression list may hold (64 hex characters each: ~100 MB in memory at most). */
export const MAX_SUPPRESSED = 1_000_000

/** Which id of a message an entry matches. */
export type PersonIdKind = 'userId' | 'anonymousId'

const entry = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest (personKey)')

const listSchema = z
  .object({
    v: z.literal(1),
    ids: z.array(entry).max(MAX_SUPPRESSED, `at most ${MAX_SUPPRESSED} entries`),
  })
  .strict()

/**
 * The people whose events are no longer stored, as digests of their ids: the list itself names
 * nobody (`personKey`), so it can sit where the collector reads it without being personal data
 * in the clear.
 */
export type SuppressionList = z.infer<typeof listSchema>

export const EMPTY_SUPPRESSION: SuppressionList = { v: 1, ids: [] }

const encoder = new TextEncoder()

/** SHA-256 hex of `<kind>:<id>`, through Web Crypto (Node, Lambda, workerd, browsers). */
export async function personKey(kind: PersonIdKind, id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${kind}:${id}`))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Reads a suppression list's JSON; a bad document is a `SuppressionError` naming `where` and the entry. */
export function parseSuppression(text: string, where: string): SuppressionList {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new SuppressionError(`${where} is not JSON: expected {"v":1,"ids":["<sha256 hex>"]}`)
  }
  const parsed = listSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || 'document'}: ${i.message}`)
    throw new SuppressionError(`${where}: ${problems.join('; ')}`)
  }
  return parsed.data
}

/** A list ready to check messages against. */
export interface Suppression {
  readonly size: number
  /** Whether the message's `userId` or `anonymousId` is suppressed. */
  suppresses(message: { userId?: unknown; anonymousId?: unknown }): Promise<boolean>
}

/** Builds the check of a list (a set of its digests); an empty list never hashes anything. */
export function createSuppression(list: SuppressionList): Suppression {
  const ids = new Set(list.ids)
  const hit = async (kind: PersonIdKind, id: unknown) =>
    typeof id === 'string' && id !== '' && ids.has(await personKey(kind, id))
  return {
    size: ids.size,
    async suppresses(message) {
      if (ids.size === 0) return false
      return (
        (await hit('userId', message.userId)) || (await hit('anonymousId', message.anonymousId))
      )
    },
  }
}
