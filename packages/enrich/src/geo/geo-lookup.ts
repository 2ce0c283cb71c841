import { formatIp, isSpecialIp, type ParsedIp, parseIp } from '../ip/ip-address.js'

/** Where an IP is, as far as the database knows. Unknown parts are absent. */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string
  region?: string
  city?: string
}

/**
 * The geo port: an IP's location. Adapters: memory (tests), mmdb (the bundled country database or
 * a user's own MaxMind file). Never throws on a malformed, private or unknown IP: `undefined`.
 */
export interface GeoLookup {
  lookup(ip: string): GeoLocation | undefined
}

/**
 * The IP a geo database may be asked about: parsed and canonical (`::ffff:1.2.3.4` is IPv4), and
 * public. `undefined` for a malformed or special-purpose address (private, loopback, documentation,
 * …): every adapter answers those with `undefined`, whatever its data says.
 */
export function publicIpOf(ip: string): { parsed: ParsedIp; text: string } | undefined {
  const parsed = parseIp(ip)
  return parsed && !isSpecialIp(parsed) ? { parsed, text: formatIp(parsed) } : undefined
}

/** A location with only its known, non-empty parts; `undefined` when none is known. */
export function geoLocationOf(parts: GeoLocation): GeoLocation | undefined {
  const out: GeoLocation = {}
  if (parts.country && /^[A-Za-z]{2}$/.test(parts.country))
    out.country = parts.country.toUpperCase()
  if (parts.region) out.region = parts.region
  if (parts.city) out.city = parts.city
  return out.country || out.region || out.city ? out : undefined
}
