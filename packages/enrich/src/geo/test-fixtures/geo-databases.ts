/** Test databases in MaxMind's layouts, built from the contract's locations and traps. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONTRACT_LOCATIONS, CONTRACT_TRAPS } from '../geo-lookup.contract.js'
import type { MemoryGeoEntry } from '../memory.js'
import { type MmdbValue, writeMmdb } from './mmdb-writer.js'

/** A GeoLite2/GeoIP2 City record, trimmed to what matters plus some of what MaxMind adds. */
export function cityRecord(entry: MemoryGeoEntry): MmdbValue {
  return {
    continent: { code: 'EU', geoname_id: 6_255_148, names: { en: 'Europe', de: 'Europa' } },
    country: { geoname_id: 1, iso_code: entry.country, names: { en: entry.country } },
    registered_country: { geoname_id: 1, iso_code: entry.country, names: { en: entry.country } },
    location: { accuracy_radius: 100, latitude: 51.5142, longitude: -0.0931, time_zone: 'Etc/UTC' },
    ...(entry.region
      ? { subdivisions: [{ geoname_id: 2, iso_code: 'XX', names: { en: entry.region, fr: 'x' } }] }
      : {}),
    ...(entry.city ? { city: { geoname_id: 3, names: { en: entry.city, ja: '都市' } } } : {}),
  }
}

/** A GeoLite2/GeoIP2 Country record. */
export function countryRecord(entry: MemoryGeoEntry): MmdbValue {
  return {
    continent: { code: 'EU', geoname_id: 6_255_148, names: { en: 'Europe' } },
    country: {
      geoname_id: 1,
      iso_code: entry.country,
      is_in_european_union: false,
      names: { en: entry.country },
    },
  }
}

/** Every range of the contract, data and traps. */
export const FIXTURE_ENTRIES: readonly MemoryGeoEntry[] = [
  ...CONTRACT_LOCATIONS.map(({ ip: _, ...entry }) => entry),
  ...CONTRACT_TRAPS,
]

/** A fresh temporary folder for fixture files. */
export const fixtureDir = () => mkdtempSync(join(tmpdir(), 'enrich-geo-'))

/** Writes a City- or Country-layout database of the contract's ranges; returns its path. */
export function writeFixtureDatabase(
  dir: string,
  layout: 'City' | 'Country',
  ipVersion: 4 | 6 = 6,
): string {
  const entries = FIXTURE_ENTRIES.filter((e) => ipVersion === 6 || !e.cidr.includes(':'))
  const file = writeMmdb({
    databaseType: `GeoLite2-${layout}`,
    ipVersion,
    records: entries.map((entry) => ({
      cidr: entry.cidr,
      data: layout === 'City' ? cityRecord(entry) : countryRecord(entry),
    })),
  })
  const path = join(dir, `GeoLite2-${layout}-v${ipVersion}.mmdb`)
  writeFileSync(path, file)
  return path
}
