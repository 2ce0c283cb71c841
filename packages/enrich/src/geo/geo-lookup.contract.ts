/**
 * The contract every `GeoLookup` adapter passes (memory, the bundled mmdb, MaxMind-layout mmdb
 * files): known public IPs map to their country, every form of an address gets the answer of its
 * canonical form, special-purpose and malformed input is `undefined`, and nothing throws.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GeoLookup } from './geo-lookup.js'
import type { MemoryGeoEntry } from './memory.js'

/**
 * Public IPs whose country is stable (checked against the bundled database), with the range each
 * is in, for adapters built from data (memory, the fixture files). Region and city are fixture
 * values, only for the adapters that have them.
 */
export const CONTRACT_LOCATIONS: readonly (MemoryGeoEntry & { ip: string })[] = [
  // Google Public DNS; Comcast (IPv6: anycast addresses such as Google's own move between countries)
  { ip: '8.8.8.8', cidr: '8.8.8.0/24', country: 'US', region: 'California', city: 'Mountain View' },
  { ip: '2601:100::1', cidr: '2601::/20', country: 'US' },
  // Deutsche Telekom
  {
    ip: '80.128.0.1',
    cidr: '80.128.0.0/11',
    country: 'DE',
    region: 'Hesse',
    city: 'Frankfurt am Main',
  },
  { ip: '2003::1', cidr: '2003::/19', country: 'DE' },
  // NTT (OCN) and a Japanese IPv6 block
  { ip: '60.32.0.1', cidr: '60.32.0.0/12', country: 'JP', region: 'Tokyo', city: 'Tokyo' },
  { ip: '2400:4000::1', cidr: '2400:4000::/22', country: 'JP' },
  // The UK address of MaxMind's own test data
  { ip: '81.2.69.142', cidr: '81.2.64.0/18', country: 'GB', region: 'England', city: 'London' },
]

/**
 * Special-purpose ranges with data, as some databases have (registry-built files have answered `AU`
 * for 192.168.1.1 and `JP` for 2001:db8::1): adapters built from data include them, and the contract
 * checks that no adapter answers for them.
 */
export const CONTRACT_TRAPS: readonly MemoryGeoEntry[] = [
  { cidr: '10.0.0.0/8', country: 'US' },
  { cidr: '192.168.0.0/16', country: 'AU' },
  { cidr: '100.64.0.0/10', country: 'US' },
  { cidr: '198.51.100.0/24', country: 'AU' },
  { cidr: '2001:db8::/32', country: 'JP' },
  { cidr: 'fc00::/7', country: 'DE' },
  { cidr: 'fe80::/10', country: 'DE' },
]

/** Other forms of a known address, each with the address whose answer it must get. */
const FORMS: readonly [string, string][] = [
  ['::ffff:8.8.8.8', '8.8.8.8'],
  ['::FFFF:8.8.8.8', '8.8.8.8'],
  ['::ffff:808:808', '8.8.8.8'],
  ['[::ffff:8.8.8.8]:443', '8.8.8.8'],
  [' 8.8.8.8\n', '8.8.8.8'],
  ['8.8.8.8:53', '8.8.8.8'],
  ['2601:100:4860:0:0:0:0:8888', '2601:100:4860::8888'],
  ['2601:100:4860:0000:0000:0000:0000:8888', '2601:100:4860::8888'],
  ['2601:100:4860::8888%eth0', '2601:100:4860::8888'],
  ['[2601:100:4860::8888]:443', '2601:100:4860::8888'],
  ['::ffff:80.128.0.1', '80.128.0.1'],
  ['2003:0:0::1', '2003::1'],
]

/** Addresses no public host has: `undefined` from every adapter. */
const SPECIAL = [
  '10.0.0.1',
  '192.168.1.1',
  '172.16.5.4',
  '100.64.0.1',
  '127.0.0.1',
  '169.254.169.254',
  '0.0.0.0',
  '255.255.255.255',
  '224.0.0.1',
  '198.51.100.1',
  '203.0.113.1',
  '192.0.2.1',
  '::',
  '::1',
  '::ffff:10.0.0.1',
  '::ffff:192.168.1.1',
  '::ffff:127.0.0.1',
  'fe80::1',
  'fe80::1%eth0',
  'fc00::1',
  'fd00::1',
  'ff02::1',
  '2001:db8::1',
]

/** Not an address: `undefined`, never a throw. */
const MALFORMED: unknown[] = [
  '',
  ' ',
  'not an ip',
  '8.8.8',
  '8.8.8.8.8',
  '256.8.8.8',
  '08.8.8.8',
  '8.8.8.8/24',
  '2001:4860:4860::8888::1',
  '2001:4860:4860:::8888',
  'g001:4860::1',
  ':::',
  '::ffff:8.8.8',
  '[8.8.8.8]',
  '8.8.8.8\u0000',
  '<script>alert(1)</script>',
  '8'.repeat(10 * 1024),
  `8.8.8.8${'\u0000'.repeat(10 * 1024)}`,
  String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)),
  '\ud800\udc00\ud800',
  undefined,
  null,
  42,
  {},
  ['8.8.8.8'],
]

/** Runs the contract on an adapter; `open` is called once. */
export function describeGeoLookupContract(name: string, open: () => GeoLookup): void {
  describe(`GeoLookup contract: ${name}`, () => {
    const geo = open()

    it.each(CONTRACT_LOCATIONS.map(({ ip, country }) => [ip, country]))(
      '%s is in %s',
      (ip, country) => {
        expect(geo.lookup(ip)?.country).toBe(country)
      },
    )

    it.each(FORMS)('%j gets the answer of %s', (form, canonical) => {
      const answer = geo.lookup(canonical)
      expect(answer).toBeDefined()
      expect(geo.lookup(form)).toEqual(answer)
    })

    it.each(SPECIAL)('%s (special-purpose) is undefined', (ip) => {
      expect(geo.lookup(ip)).toBeUndefined()
    })

    it.each(MALFORMED.map((value, i) => [i, value]))(
      'malformed input #%i is undefined',
      (_, value) => {
        expect(geo.lookup(value as string)).toBeUndefined()
      },
    )

    it('never throws; answers are a country code with optional region and city', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (ip) => {
          const answer = geo.lookup(ip)
          if (answer === undefined) return
          expect(
            Object.keys(answer).every((key) => ['country', 'region', 'city'].includes(key)),
          ).toBe(true)
          if (answer.country !== undefined) expect(answer.country).toMatch(/^[A-Z]{2}$/)
        }),
        { numRuns: 500 },
      )
    })
  })
}
