import { createEnricher, type Enricher, type EnrichInput } from '@clickstream/enrich'
import type { Enrichment, SessionRecord } from '@clickstream/schema'
import type { ClientHints, EventFact } from './event-fact.js'

/** What enrichment adds to a session record: its `Enrichment` fields and the IP to store. */
export type SessionEnrichment = Enrichment & Pick<SessionRecord, 'ip' | 'userAgent'>

let plain: Enricher | undefined
/** The enricher of code that is given none: no geo database, no IP ranges (one per process). */
export function plainEnricher(): Enricher {
  plain ??= createEnricher()
  return plain
}

/** The long names of the compact client hints a fact keeps (`EventFact.uad`). */
const HINT_NAMES = {
  b: 'brands',
  fv: 'fullVersionList',
  m: 'mobile',
  p: 'platform',
  pv: 'platformVersion',
  md: 'model',
  ar: 'architecture',
  bt: 'bitness',
  uv: 'uaFullVersion',
  w: 'wow64',
} as const satisfies Record<keyof ClientHints, string>

/** `context.userAgentData` as Segment sends it, from a fact's compact client hints. */
export function expandClientHints(
  hints: ClientHints | undefined,
): Record<string, unknown> | undefined {
  if (hints === undefined) return undefined
  const out: Record<string, unknown> = {}
  for (const [short, long] of Object.entries(HINT_NAMES)) {
    const value = hints[short as keyof ClientHints]
    if (value === undefined) continue
    out[long] = Array.isArray(value) ? value.map(([brand, version]) => ({ brand, version })) : value
  }
  return out
}

/** What a fact's channel is read from: the same input as the lake's row (`enrichInputOf`). */
function trafficInputOf(fact: EventFact): EnrichInput {
  const pageUrl = fact.tu === undefined ? fact.pg?.url : fact.tu || undefined
  const referrer = fact.tr === undefined ? fact.ref : fact.tr || undefined
  return { pageUrl, referrer, campaign: fact.c }
}

/**
 * A session's enrichment, a pure function of its facts (in session order): device, browser and OS
 * of the first fact with a user agent; country, region, city and the stored IP of the first fact
 * whose IP the enricher keeps; channel, source and medium of the first fact; `bot` when any
 * fact's user agent or IP is a bot's (then the device type is `bot` too). The lake's `sessions`
 * view applies the same rules to the rows' columns.
 */
export function enrichSession(facts: readonly EventFact[], enricher: Enricher): SessionEnrichment {
  const first = facts[0]
  const withUa = facts.find((fact) => fact.ua)
  const deviceInput: EnrichInput = withUa
    ? { userAgent: withUa.ua, userAgentData: expandClientHints(withUa.uad) }
    : {}
  let device: Enrichment
  let traffic: Enrichment
  let located: { fact: EventFact; ip: string; enrichment: Enrichment } | undefined
  if (first && (withUa === undefined || withUa === first)) {
    // The usual session: its first event has the user agent (or none has one): one call.
    const result = enricher.enrich({ ...deviceInput, ip: first.ip, ...trafficInputOf(first) })
    device = result.enrichment
    traffic = result.enrichment
    if (result.ip !== undefined) located = { fact: first, ip: result.ip, enrichment: device }
  } else {
    device = enricher.enrich(deviceInput).enrichment
    traffic = enricher.enrich(first ? trafficInputOf(first) : {}).enrichment
  }
  for (const fact of located ? [] : facts) {
    if (!fact.ip) continue
    const result = enricher.enrich({ ip: fact.ip })
    if (result.ip !== undefined) {
      located = { fact, ip: result.ip, enrichment: result.enrichment }
      break
    }
  }
  const bot =
    device.bot ||
    (located?.enrichment.bot ?? false) ||
    anyBot(facts, enricher, withUa?.ua, located?.fact.ip)
  const out: SessionEnrichment = {
    deviceType: bot ? 'bot' : device.deviceType,
    bot,
    channel: traffic.channel,
  }
  for (const key of ['browserName', 'browserVersion', 'osName', 'osVersion'] as const) {
    const value = device[key]
    if (value !== undefined) out[key] = value
  }
  for (const key of ['country', 'region', 'city'] as const) {
    const value = located?.enrichment[key]
    if (value !== undefined) out[key] = value
  }
  if (traffic.trafficSource !== undefined) out.trafficSource = traffic.trafficSource
  if (traffic.trafficMedium !== undefined) out.trafficMedium = traffic.trafficMedium
  if (withUa?.ua) out.userAgent = withUa.ua
  if (located) out.ip = located.ip
  return out
}

/**
 * Whether any fact's user agent or IP is a bot's; each distinct value is asked once, and not
 * at all the user agent and IP already asked (not a bot's).
 */
function anyBot(
  facts: readonly EventFact[],
  enricher: Enricher,
  askedUa: string | undefined,
  askedIp: string | undefined,
): boolean {
  const userAgents = new Set<string>(askedUa ? [askedUa] : [])
  const ips = new Set<string>(askedIp ? [askedIp] : [])
  for (const { ua, ip } of facts) {
    if (ua && !userAgents.has(ua)) {
      userAgents.add(ua)
      if (enricher.enrich({ userAgent: ua }).enrichment.bot) return true
    }
    if (ip && !ips.has(ip)) {
      ips.add(ip)
      if (enricher.enrich({ ip }).enrichment.bot) return true
    }
  }
  return false
}
