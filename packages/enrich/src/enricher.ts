import type { Enrichment } from '@clickstream/schema'
import { DEFAULT_CACHE_SIZE, memoize } from './cache.js'
import type { GeoLocation, GeoLookup } from './geo/geo-lookup.js'
import { anonymizeIp, type IpRanges, normalizeIp } from './ip/ip-address.js'
import { record } from './object-of.js'
import { type CampaignInput, classifyTraffic } from './traffic/classify-traffic.js'
import { clientHintsOf } from './user-agent/client-hints.js'
import { type DeviceInfo, deviceInfoOfKey, deviceKey } from './user-agent/parse-user-agent.js'

/** What an event (or a session's first event) is enriched from. Anything may be missing or junk. */
export interface EnrichInput {
  userAgent?: unknown
  /** Client hints as Segment's analytics.js sends them (`context.userAgentData`). */
  userAgentData?: unknown
  ip?: unknown
  /** The page's URL: UTM parameters and click ids in its query. */
  pageUrl?: unknown
  referrer?: unknown
  /** `context.campaign`. */
  campaign?: unknown
}

export interface EnrichResult {
  enrichment: Enrichment
  /** The IP to store: the input's, anonymised after the lookup when `anonymizeIp` is on. */
  ip?: string
}

export interface EnricherOptions {
  /** Where IPs are; without it, no country, region or city. */
  geo?: GeoLookup
  /** IP ranges whose clients count as bots (monitors, a load tester, a partner's crawler). */
  botIpRanges?: IpRanges
  /** Store IPs anonymised (last IPv4 octet, last 80 bits of IPv6), after the geo lookup. */
  anonymizeIp?: boolean
  /** Entries of each cache (user agents, IPs). @default 10,000 */
  cacheSize?: number
}

/** Enriches events and sessions. Pure (for given databases), cached, never throws on input. */
export interface Enricher {
  enrich(input: EnrichInput): EnrichResult
}

const MAX_INPUT_LENGTH = 4096

/** A usable string, or undefined: not a string, empty, or longer than any real value. */
const usable = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_INPUT_LENGTH
    ? value
    : undefined

function campaignOf(value: unknown): CampaignInput | undefined {
  const c = record(value)
  const out: CampaignInput = {}
  for (const key of ['name', 'source', 'medium'] as const) {
    const v = usable(c[key])
    if (v) out[key] = v
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** Creates an enricher over the given databases. */
export function createEnricher(options: EnricherOptions = {}): Enricher {
  const size = options.cacheSize ?? DEFAULT_CACHE_SIZE
  const device = memoize(deviceInfoOfKey, size)
  const { geo, botIpRanges } = options
  const locate = memoize((ip): GeoLocation & { botIp: boolean } => {
    const location = geo?.lookup(ip) ?? {}
    return { ...location, botIp: botIpRanges?.has(ip) ?? false }
  }, size)
  return {
    enrich(input) {
      const ua = usable(input.userAgent)
      const hints = clientHintsOf(input.userAgentData)
      const info: DeviceInfo =
        ua || hints ? device(deviceKey(ua ?? '', hints)) : { deviceType: 'other' }
      const botUa = info.deviceType === 'bot'
      const rawIp = usable(input.ip)
      const ip = rawIp === undefined ? undefined : normalizeIp(rawIp)
      const { botIp, ...location } = ip ? locate(ip) : { botIp: false }
      const traffic = classifyTraffic({
        ...(usable(input.pageUrl) ? { pageUrl: input.pageUrl as string } : {}),
        ...(usable(input.referrer) ? { referrer: input.referrer as string } : {}),
        ...optional('campaign', campaignOf(input.campaign)),
      })
      const bot = botUa || botIp
      const enrichment: Enrichment = {
        ...info,
        ...(bot ? { deviceType: 'bot' as const } : {}),
        bot,
        ...location,
        ...traffic,
      }
      const result: EnrichResult = { enrichment }
      if (ip) result.ip = options.anonymizeIp ? anonymizeIp(ip) : ip
      else if (rawIp && !options.anonymizeIp) result.ip = rawIp
      return result
    },
  }
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>
