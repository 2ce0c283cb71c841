import type { Channel } from '@clickstream/schema'
import { CLICK_IDS, type ClickIdRule, DIRECT, MEDIUMS, NOT_SET } from './channel-rules.js'
import { type Site, siteOfApp, siteOfHost, siteOfSource } from './sites.js'
import { urlParts } from './url-parts.js'

/** The UTM campaign of an event (`context.campaign`). */
export interface CampaignInput {
  name?: string
  source?: string
  medium?: string
}

/** What the channel is read from. */
export interface TrafficInput {
  /** The page's URL (its query holds UTM parameters and click ids). */
  pageUrl?: string
  referrer?: string
  campaign?: CampaignInput
}

export interface Traffic {
  channel: Channel
  trafficSource?: string
  trafficMedium?: string
}

/** The schema's longest label: longer sources and mediums are cut. */
const MAX_LABEL = 200

const mediums = new Map<string, Channel>(Object.entries(MEDIUMS))
/** Click id parameter → [precedence, rule]. */
const clickIds = new Map<string, readonly [number, ClickIdRule]>(
  CLICK_IDS.map(([param, rule], rank) => [param, [rank, rule]] as const),
)

/**
 * The channel, source and medium of a page view, by the rules of `channel-rules.ts`, in this
 * order: UTM (`campaign`, else the page URL's `utm_source` / `utm_medium`) → a click id in the
 * page URL → the referrer's host (search, social, webmail, else referral; the page's own site is
 * direct) → direct. Case-insensitive; never throws: unusable parts are ignored.
 */
export function classifyTraffic(input: TrafficInput): Traffic {
  const page = typeof input?.pageUrl === 'string' ? urlParts(input.pageUrl) : undefined
  const query = page?.query === undefined ? undefined : readQuery(page.query)

  const campaign = input?.campaign
  let source = label(campaign?.source)
  let medium = label(campaign?.medium)
  if (source === undefined && medium === undefined && query) {
    source = query.source
    medium = query.medium
  }
  if (source !== undefined || medium !== undefined) return fromCampaign(source, medium)

  if (query?.clickId) {
    const { channel, source, medium } = query.clickId
    return { channel, trafficSource: source, trafficMedium: medium }
  }

  const referrer = typeof input?.referrer === 'string' ? urlParts(input.referrer) : undefined
  const host = referrer?.host
  if (host !== undefined) {
    if (referrer?.scheme === 'android-app') {
      // An Android app's referrer names its package: a known app's site, else a referral from it.
      const app = siteOfApp(host)
      return app ? fromSite(app) : referral(host)
    }
    if (
      referrer?.scheme === undefined ||
      referrer.scheme === 'http' ||
      referrer.scheme === 'https'
    ) {
      if (page?.host !== undefined && sameSite(host, page.host)) return direct()
      const site = siteOfHost(host)
      if (site) return fromSite(site)
      return referral(withoutWww(host))
    }
  }
  return direct()
}

function fromCampaign(source: string | undefined, medium: string | undefined): Traffic {
  const byMedium = medium === undefined ? undefined : mediums.get(medium)
  const site = source === undefined ? undefined : siteOfSource(source)
  let channel: Channel
  if (byMedium === undefined) {
    // An unknown medium: the source's site if it is a known one (GA4's organic search and social
    // rules), email if the source says so (GA4's email rule), else other.
    channel =
      site?.channel ?? (source !== undefined && mediums.get(source) === 'email' ? 'email' : 'other')
  } else if ((byMedium === 'paid_search' || byMedium === 'display') && site?.channel === 'social') {
    channel = 'social' // GA4's paid social: a paid medium from a social network
  } else {
    channel = byMedium
  }
  return { channel, trafficSource: source ?? NOT_SET, trafficMedium: medium ?? NOT_SET }
}

const fromSite = (site: Site): Traffic => ({
  channel: site.channel,
  trafficSource: site.source,
  trafficMedium: site.medium,
})

const referral = (source: string): Traffic => ({
  channel: 'referral',
  trafficSource: cut(source),
  trafficMedium: 'referral',
})

const direct = (): Traffic => ({
  channel: DIRECT.channel,
  trafficSource: DIRECT.source,
  trafficMedium: DIRECT.medium,
})

interface QueryFacts {
  source?: string
  medium?: string
  clickId?: ClickIdRule
}

/** `utm_source`, `utm_medium` and the first click id (by precedence) of a query, in one pass. */
function readQuery(query: string): QueryFacts {
  const facts: QueryFacts = {}
  let bestRank = Number.POSITIVE_INFINITY
  let start = 0
  while (start <= query.length) {
    let end = query.indexOf('&', start)
    if (end === -1) end = query.length
    const equals = query.indexOf('=', start)
    if (equals !== -1 && equals < end - 1) {
      const key = query.slice(start, equals).toLowerCase()
      if (key === 'utm_source' || key === 'utm_medium') {
        const value = label(decode(query.slice(equals + 1, end)))
        if (value !== undefined && facts[key === 'utm_source' ? 'source' : 'medium'] === undefined)
          facts[key === 'utm_source' ? 'source' : 'medium'] = value
      } else {
        const clickId = clickIds.get(key)
        if (clickId && clickId[0] < bestRank) {
          bestRank = clickId[0]
          facts.clickId = clickId[1]
        }
      }
    }
    start = end + 1
  }
  return facts
}

/** A query value decoded (`+` is a space); as it is when its escapes are malformed. */
function decode(value: string): string {
  if (value.indexOf('%') === -1 && value.indexOf('+') === -1) return value
  const spaced = value.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** A source or medium as stored: trimmed, lower case, at most 200 characters; undefined if empty. */
function label(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = cut(value.trim().toLowerCase())
  return text.length > 0 ? text : undefined
}

const cut = (text: string): string => (text.length > MAX_LABEL ? text.slice(0, MAX_LABEL) : text)

const withoutWww = (host: string): string => (host.startsWith('www.') ? host.slice(4) : host)

/** Whether two hosts are one site: equal but for `www.`, or one a subdomain of the other. */
function sameSite(a: string, b: string): boolean {
  const x = withoutWww(a)
  const y = withoutWww(b)
  if (x === y) return true
  return x.length > y.length ? x.endsWith(`.${y}`) : y.endsWith(`.${x}`)
}
