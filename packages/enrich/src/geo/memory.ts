import { EnrichConfigError } from '../errors.js'
import { type ParsedRange, parseRange, rangeContains } from '../ip/ip-address.js'
import { type GeoLocation, type GeoLookup, geoLocationOf, publicIpOf } from './geo-lookup.js'

/** One range of a memory geo database. */
export interface MemoryGeoEntry {
  /** `192.0.2.0/24`, `2001:db8::/32` or a single address. */
  cidr: string
  country: string
  region?: string
  city?: string
}

/**
 * A geo lookup over a list of ranges, in memory: for tests and small custom set-ups. The most
 * specific range containing the IP answers. A malformed range is an `EnrichConfigError`.
 */
export function createMemoryGeoLookup(entries: readonly MemoryGeoEntry[]): GeoLookup {
  const ranges: { range: ParsedRange; location: GeoLocation | undefined }[] = entries.map(
    ({ cidr, ...location }) => {
      const range = parseRange(cidr)
      if (!range) throw new EnrichConfigError('createMemoryGeoLookup', cidr, 'not an IP range')
      return { range, location: geoLocationOf(location) }
    },
  )
  ranges.sort((a, b) => b.range.prefix - a.range.prefix)
  return {
    lookup(ip) {
      const target = publicIpOf(ip)
      if (!target) return undefined
      const found = ranges.find(({ range }) => rangeContains(range, target.parsed))?.location
      return found && { ...found }
    },
  }
}
