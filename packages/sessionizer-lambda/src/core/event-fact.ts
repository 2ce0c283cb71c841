import type { EnrichedMessage, PageRef, SessionCampaign } from '@clickstream/schema'
import { parseTimestamp } from '@clickstream/schema/lite'
import { factIdOf } from './session-id.js'

/** What kind of event a fact is: page, screen, track, identify, other (group, alias). */
export type FactKind = 'p' | 's' | 't' | 'i' | 'o'

/**
 * The minimal facts of one event that sessionization needs. Kept in the per-key state (short
 * field names: the state is stored compressed, but is read and written on every batch).
 */
export interface EventFact {
  /** `factIdOf(messageId)`: a short digest of the messageId. */
  id: string
  /** Corrected timestamp, epoch ms. */
  t: number
  /** receivedAt, epoch ms: picks one copy when a messageId arrives twice. */
  r: number
  k: FactKind
  /** Track event name. */
  n?: string
  u?: string
  a?: string
  /** Page of a page or screen event. */
  pg?: PageRef
  ref?: string
  c?: SessionCampaign
  ua?: string
  ip?: string
}

const KINDS: Record<EnrichedMessage['type'], FactKind> = {
  page: 'p',
  screen: 's',
  track: 't',
  identify: 'i',
  group: 'o',
  alias: 'o',
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}

/** Copies only the defined, non-empty string fields of `keys` (DynamoDB rejects `undefined`). */
function pick<K extends string>(
  keys: readonly K[],
  ...sources: Record<string, unknown>[]
): Partial<Record<K, string>> | undefined {
  const out: Partial<Record<K, string>> = {}
  let any = false
  for (const key of keys) {
    for (const source of sources) {
      const value = str(source[key])
      if (value !== undefined) {
        out[key] = value
        any = true
        break
      }
    }
  }
  return any ? out : undefined
}

const PAGE_KEYS = ['url', 'path', 'title'] as const
const CAMPAIGN_KEYS = ['name', 'source', 'medium', 'term', 'content'] as const

/** The facts of an enriched message (validated by the schema, so timestamps parse). */
export function toFact(message: EnrichedMessage): EventFact {
  const context = record(message.context)
  const page = record(context.page)
  const properties = record((message as { properties?: unknown }).properties)
  const kind = KINDS[message.type]
  const fact: EventFact = {
    id: factIdOf(message.messageId),
    t: parseTimestamp(message.timestamp) ?? 0,
    r: parseTimestamp(message.receivedAt) ?? 0,
    k: kind,
  }
  if (message.type === 'track') fact.n = message.event
  const userId = str(message.userId)
  if (userId) fact.u = userId
  const anonymousId = str(message.anonymousId)
  if (anonymousId) fact.a = anonymousId
  if (kind === 'p' || kind === 's') {
    const name = str((message as { name?: unknown }).name)
    const ref = pick(PAGE_KEYS, properties, page, name ? { title: name } : {})
    if (ref) fact.pg = ref
  }
  const referrer = str(page.referrer) ?? str(properties.referrer)
  if (referrer) fact.ref = referrer
  const campaign = pick(CAMPAIGN_KEYS, record(context.campaign))
  if (campaign) fact.c = campaign
  const userAgent = str(context.userAgent)
  if (userAgent) fact.ua = userAgent
  const ip = str(context.ip)
  if (ip) fact.ip = ip
  return fact
}

/** Session order: corrected timestamp, ties broken by the messageId's digest (`factIdOf`). */
export function compareFacts(a: Pick<EventFact, 't' | 'id'>, b: Pick<EventFact, 't' | 'id'>) {
  return a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * Which copy of a messageId counts, whatever order the copies arrive in: the one the collector
 * received first; ties by timestamp, then by content.
 */
export function preferredCopy(a: EventFact, b: EventFact): EventFact {
  if (a.r !== b.r) return a.r < b.r ? a : b
  if (a.t !== b.t) return a.t < b.t ? a : b
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b
}
