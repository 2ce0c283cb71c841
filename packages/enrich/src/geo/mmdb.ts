import type { GeoLookup } from './geo-lookup.js'

/**
 * The geo lookup of an `.mmdb` file: a MaxMind GeoLite2/GeoIP2 City or Country database, or the
 * bundled CC0 country database. Reads the file once, at start-up.
 *
 * TODO(part B): mmdb-lib; a missing or corrupt file is an `EnrichConfigError` naming `setting`.
 */
export function openMmdbGeoLookup(_path: string, _setting: string): GeoLookup {
  return { lookup: () => undefined }
}

/** The bundled database's path: `@ip-location-db/geo-whois-asn-country-mmdb` (CC0). TODO(part B) */
export function defaultGeoDatabasePath(): string {
  return ''
}
