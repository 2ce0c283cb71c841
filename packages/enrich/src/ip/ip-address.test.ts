import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EnrichConfigError } from '../errors.js'
import {
  anonymizeIp,
  createIpRanges,
  isIpRange,
  isPrivateIp,
  normalizeIp,
  parseRange,
} from './ip-address.js'

const TEN_KB = '1'.repeat(10 * 1024)
const BINARY = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))

describe('normalizeIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['  8.8.8.8\n', '8.8.8.8'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:db8:1:1:1:1:1:0', '2001:db8:1:1:1:1:1:0'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4'],
    ['64:ff9b::198.51.100.1', '64:ff9b::c633:6401'],
    ['fe80::1%eth0', 'fe80::1'],
    ['fe80::1%25en0', 'fe80::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[::ffff:1.2.3.4]:80', '1.2.3.4'],
    ['192.0.2.1:8080', '192.0.2.1'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected)
  })

  it.each([
    [''],
    ['   '],
    ['not an ip'],
    ['1.2.3'],
    ['1.2.3.4.5'],
    ['256.1.1.1'],
    ['01.2.3.4'],
    ['1.2.3.-4'],
    ['1.2.3.4/24'],
    ['0x7f.0.0.1'],
    ['١.٢.٣.٤'],
    ['1:2:3'],
    [':::'],
    ['1::2::3'],
    [':1::'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1:2:3:4:5:6:7:8::'],
    ['12345::'],
    ['g::1'],
    ['1.2.3.4::'],
    ['::1.2.3'],
    ['::1.2.3.4:5'],
    ['2001:db8::1::443'],
    ['[1.2.3.4]'],
    ['[2001:db8::1'],
    ['[2001:db8::1]:'],
    ['[2001:db8::1]:99999'],
    ['[2001:db8::1]x'],
    ['1.2.3.4:'],
    ['1.2.3.4:http'],
    ['fe80::1%'],
    ['fe80::1%<script>'],
    ['8.8.8.8\u0000'],
    ['<script>alert(1)</script>'],
    [TEN_KB],
    [`8.8.8.8${' '.repeat(10 * 1024)}`],
    [BINARY],
  ])('%j → undefined', (input) => {
    expect(normalizeIp(input)).toBeUndefined()
  })

  it('is undefined for values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('ip')]) {
      expect(normalizeIp(value as unknown as string)).toBeUndefined()
    }
  })

  it('never throws, and its answer is a fixed point', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (value) => {
        const ip = normalizeIp(value)
        if (ip !== undefined) expect(normalizeIp(ip)).toBe(ip)
      }),
      { numRuns: 2000 },
    )
  })

  it('reads every IPv4 and IPv6 form fast-check generates', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        expect(normalizeIp(ip)).toBeDefined()
      }),
      { numRuns: 2000 },
    )
  })
})

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.42', '203.0.113.0'],
    ['::ffff:203.0.113.42', '203.0.113.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:DB8:85A3:FFFF::1', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8::'],
    ['::1', '::'],
    ['[2001:db8:1:2::3]:443', '2001:db8:1::'],
    ['not an ip', 'not an ip'],
  ])('%s → %s', (ip, expected) => {
    expect(anonymizeIp(ip)).toBe(expected)
  })
})

describe('isPrivateIp', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.9',
    '198.18.0.1',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:10.0.0.1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '3fff::1',
    '100::1',
  ])('%s is private', (ip) => {
    expect(isPrivateIp(ip)).toBe(true)
  })

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '11.0.0.1',
    '::ffff:8.8.8.8',
    '2001:4860:4860::8888',
    '2003::1',
    'not an ip',
    TEN_KB,
  ])('%s is not', (ip) => {
    expect(isPrivateIp(ip)).toBe(false)
  })
})

describe('createIpRanges', () => {
  const ranges = createIpRanges(
    [
      '192.0.2.0/24',
      '10.0.0.0/8',
      '198.51.100.7',
      '2001:db8::/32',
      '::ffff:203.0.113.0/120',
      ' 0.0.0.0/32 ',
    ],
    'ENRICH_BOT_IP_RANGES',
  )

  it.each([
    ['192.0.2.0', true],
    ['192.0.2.255', true],
    ['192.0.3.0', false],
    ['10.255.255.255', true],
    ['11.0.0.0', false],
    ['198.51.100.7', true],
    ['198.51.100.8', false],
    ['::ffff:192.0.2.9', true],
    ['2001:db8:ffff::1', true],
    ['[2001:db8::1]:443', true],
    ['2001:db9::1', false],
    ['203.0.113.200', true],
    ['0.0.0.0', true],
    ['0.0.0.1', false],
    ['not an ip', false],
    [TEN_KB, false],
    [BINARY, false],
  ])('has(%j) is %s', (ip, expected) => {
    expect(ranges.has(ip)).toBe(expected)
  })

  it('matches on the prefix bits only, across group boundaries', () => {
    const odd = createIpRanges(['2001:db8:8000::/33', '192.0.2.128/25', '0.0.0.0/0'], 's')
    expect(odd.has('2001:db8:8000::1')).toBe(true)
    expect(odd.has('2001:db8:7fff::1')).toBe(false)
    expect(odd.has('1.2.3.4')).toBe(true)
    expect(odd.has('::1')).toBe(false)
    expect(createIpRanges(['::/0'], 's').has('2001:db8::1')).toBe(true)
    expect(createIpRanges(['::/0'], 's').has('1.2.3.4')).toBe(false)
  })

  it('agrees with a bitwise reference on random IPv4 ranges', () => {
    const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (net, ip, prefix) => {
        const block = 2 ** (32 - prefix)
        const expected = Math.floor(toInt(net) / block) === Math.floor(toInt(ip) / block)
        expect(createIpRanges([`${net}/${prefix}`], 's').has(ip)).toBe(expected)
      }),
      { numRuns: 1000 },
    )
  })

  it.each([
    '192.0.2.0/33',
    '2001:db8::/129',
    '::ffff:1.2.3.0/64',
    '192.0.2.0/',
    '192.0.2.0/24/1',
    '192.0.2.0/-1',
    '192.0.2/24',
    '[2001:db8::]/32',
    'example.com',
    '',
  ])('rejects %j with an EnrichConfigError naming the setting and the range', (cidr) => {
    expect(isIpRange(cidr)).toBe(false)
    const attempt = () => createIpRanges(['192.0.2.0/24', cidr], 'ENRICH_BOT_IP_RANGES')
    expect(attempt).toThrow(EnrichConfigError)
    expect(attempt).toThrow(`ENRICH_BOT_IP_RANGES: not an IP range`)
    try {
      attempt()
    } catch (error) {
      expect(error).toMatchObject({ setting: 'ENRICH_BOT_IP_RANGES', value: cidr })
    }
  })

  it('reads single addresses as /32 and /128', () => {
    expect(parseRange('192.0.2.1')?.prefix).toBe(32)
    expect(parseRange('2001:db8::1')?.prefix).toBe(128)
    expect(isIpRange('192.0.2.1/24')).toBe(true)
  })
})
