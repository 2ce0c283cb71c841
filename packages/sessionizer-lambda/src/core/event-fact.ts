import { enrichInputOf } from '@clickstream/enrich'
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
  /** Client hints (`context.userAgentData`), compact; only beside a user agent. */
  uad?: ClientHints
  ip?: string
  /**
   * The page URL the channel is read from (`enrichInputOf`), when it is not `pg.url` (a track's
   * `context.page.url`, say); `''`: none although `pg.url` is set.
   */
  tu?: string
  /** The referrer the channel is read from, when it is not `ref`; `''`: none although `ref` is. */
  tr?: string
}

/**
 * `context.userAgentData` in a fact, short keys (the state is read and written on every batch):
 * `b` brands and `fv` fullVersionList as `[brand, version]` pairs, `m` mobile, `p` platform, `pv`
 * platformVersion, `md` model, `ar` architecture, `bt` bitness, `uv` uaFullVersion, `w` wow64.
 */
export interface ClientHints {
  b?: [string, string][]
  fv?: [string, string][]
  m?: boolean
  p?: string
  pv?: string
  md?: string
  ar?: string
  bt?: string
  uv?: string
  w?: boolean
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
  if (userAgent) {
    fact.ua = userAgent
    const hints = clientHintsOf(context.userAgentData)
    if (hints) fact.uad = hints
  }
  const ip = str(context.ip)
  if (ip) fact.ip = ip
  const traffic = enrichInputOf(message)
  const pageUrl = str(traffic.pageUrl) ?? ''
  if (pageUrl !== (fact.pg?.url ?? '')) fact.tu = pageUrl
  const trafficReferrer = str(traffic.referrer) ?? ''
  if (trafficReferrer !== (fact.ref ?? '')) fact.tr = trafficReferrer
  return fact
}

/** Longest client-hint string kept, and most brands: real ones are far shorter and fewer. */
const MAX_HINT = 100
const MAX_BRANDS = 8

const hint = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_HINT ? value : undefined

function brandsOf(value: unknown): [string, string][] | undefined {
  if (!Array.isArray(value)) return undefined
  const out: [string, string][] = []
  for (const entry of value.slice(0, MAX_BRANDS)) {
    const brand = hint(record(entry).brand)
    const version = hint(record(entry).version)
    if (brand && version) out.push([brand, version])
  }
  return out.length > 0 ? out : undefined
}

/** The compact client hints of `context.userAgentData`; junk is left out, never thrown on. */
export function clientHintsOf(value: unknown): ClientHints | undefined {
  const data = record(value)
  const out: ClientHints = {}
  const brands = brandsOf(data.brands)
  if (brands) out.b = brands
  const full = brandsOf(data.fullVersionList)
  if (full) out.fv = full
  if (typeof data.mobile === 'boolean') out.m = data.mobile
  if (typeof data.wow64 === 'boolean') out.w = data.wow64
  const strings = [
    ['p', 'platform'],
    ['pv', 'platformVersion'],
    ['md', 'model'],
    ['ar', 'architecture'],
    ['bt', 'bitness'],
    ['uv', 'uaFullVersion'],
  ] as const
  for (const [short, long] of strings) {
    const text = hint(data[long])
    if (text) out[short] = text
  }
  return Object.keys(out).length > 0 ? out : undefined
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
