/**
 * IP addresses as text: parsing every valid IPv4 and IPv6 form, the canonical form, anonymisation
 * and the special-purpose (non-public) ranges. No dependencies: the collector bundles this for the
 * edge (`@clickstream/enrich/ip`).
 */

import { EnrichConfigError } from '../errors.js'

/** An IP parsed: IPv4 as two 16-bit groups, IPv6 as eight. IPv4-mapped IPv6 is IPv4. */
export interface ParsedIp {
  version: 4 | 6
  groups: readonly number[]
}

/** Longer than any IP in any form with brackets, zone id and port: not an IP, don't look further. */
const MAX_IP_TEXT = 100

const V4_PART = /^(?:0|[1-9]\d{0,2})$/
const V6_GROUP = /^[0-9a-f]{1,4}$/i
const ZONE = /^[0-9a-z_.~-]{1,64}$/i
const PORT = /^\d{1,5}$/
const isPort = (text: string) => PORT.test(text) && Number(text) <= 65535

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes: number[] = []
  for (const part of parts) {
    // Leading zeros are rejected: `010.0.0.1` is octal to some parsers and decimal to others.
    if (!V4_PART.test(part)) return undefined
    const n = Number(part)
    if (n > 255) return undefined
    bytes.push(n)
  }
  const [a = 0, b = 0, c = 0, d = 0] = bytes
  return [(a << 8) | b, (c << 8) | d]
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return []
  const out: number[] = []
  const parts = text.split(':')
  for (const [i, part] of parts.entries()) {
    // An IPv4 tail (`::ffff:1.2.3.4`, `64:ff9b::198.51.100.1`) stands for the last two groups.
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part)
      if (!v4) return undefined
      out.push(...v4)
    } else if (V6_GROUP.test(part)) out.push(Number.parseInt(part, 16))
    else return undefined
  }
  return out
}

function parseV6(text: string): number[] | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const [head = '', tail] = halves
  // Only the last half may end in an IPv4 tail.
  const left =
    tail === undefined ? parseGroups(head) : head.includes('.') ? undefined : parseGroups(head)
  const right = tail === undefined ? [] : parseGroups(tail)
  if (!left || !right) return undefined
  const missing = 8 - left.length - right.length
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined
  return [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right]
}

const isMapped = (g: readonly number[]) =>
  g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff

/**
 * The address in `value`, or `undefined`. Accepts surrounding whitespace, IPv6 in any valid form
 * (compressed, expanded, upper case, an IPv4 tail), a zone id (`fe80::1%eth0`: dropped), brackets
 * (`[2001:db8::1]`) and a port on a bracketed IPv6 or an IPv4 (`[::1]:443`, `192.0.2.1:8080`:
 * dropped, as some proxies append it). Rejects everything else: short IPv4 forms, leading zeros,
 * a port on bare IPv6 (ambiguous), CIDR suffixes, any other character.
 */
export function parseIp(value: string): ParsedIp | undefined {
  if (typeof value !== 'string' || value.length > MAX_IP_TEXT) return undefined
  let text = value.trim()
  let bracketed = false
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    const rest = text.slice(close + 1)
    if (close < 0 || (rest !== '' && !(rest.startsWith(':') && isPort(rest.slice(1))))) {
      return undefined
    }
    text = text.slice(1, close)
    bracketed = true
  }
  if (!text.includes(':')) {
    if (bracketed) return undefined
    const v4 = parseV4(text)
    return v4 ? { version: 4, groups: v4 } : undefined
  }
  const colon = text.lastIndexOf(':')
  if (!bracketed && text.indexOf(':') === colon) {
    // One colon: an IPv4 with a port, or nothing valid.
    const v4 = isPort(text.slice(colon + 1)) ? parseV4(text.slice(0, colon)) : undefined
    return v4 ? { version: 4, groups: v4 } : undefined
  }
  const percent = text.indexOf('%')
  if (percent >= 0) {
    if (!ZONE.test(text.slice(percent + 1))) return undefined
    text = text.slice(0, percent)
  }
  const groups = parseV6(text)
  if (!groups) return undefined
  return isMapped(groups) ? { version: 4, groups: groups.slice(6) } : { version: 6, groups: groups }
}

/** The canonical text of a parsed IP: dotted IPv4; IPv6 as RFC 5952 (lower case, longest zero run as `::`). */
export function formatIp(ip: ParsedIp): string {
  const g = ip.groups
  if (ip.version === 4) {
    const [hi = 0, lo = 0] = g
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`
  }
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = (from: number, to: number) =>
    g
      .slice(from, to)
      .map((n) => n.toString(16))
      .join(':')
  if (bestStart < 0) return hex(0, 8)
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`
}

/**
 * An IP as text in its canonical form (`::ffff:1.2.3.4` → `1.2.3.4`, IPv6 lower case and
 * compressed, brackets, zone id and port dropped), or `undefined` when the value is not an IP.
 * Never throws, whatever the value.
 */
export function normalizeIp(value: string): string | undefined {
  const ip = parseIp(value)
  return ip ? formatIp(ip) : undefined
}

/**
 * The IP without what identifies a host: `203.0.113.42` → `203.0.113.0` (last octet),
 * `2001:db8:85a3:8d3:1319:8a2e:370:7348` → `2001:db8:85a3::` (last 80 bits), in canonical form.
 * A value that is not an IP comes back as it is.
 */
export function anonymizeIp(ip: string): string {
  const parsed = parseIp(ip)
  if (!parsed) return ip
  const g = parsed.groups
  const kept =
    parsed.version === 4
      ? [g[0] ?? 0, (g[1] ?? 0) & 0xff00]
      : [g[0] ?? 0, g[1] ?? 0, g[2] ?? 0, 0, 0, 0, 0, 0]
  return formatIp({ version: parsed.version, groups: kept })
}

/** A CIDR range, parsed: the network's groups and the prefix length in bits. */
export interface ParsedRange {
  version: 4 | 6
  groups: readonly number[]
  prefix: number
}

const PREFIX = /^\d{1,3}$/

/**
 * The range in `text`: `192.0.2.0/24`, `2001:db8::/32`, or a single address (`/32`, `/128`). Host
 * bits after the prefix are ignored (`192.0.2.1/24` is `192.0.2.0/24`); `::ffff:192.0.2.0/120` is
 * the IPv4 range `192.0.2.0/24`. `undefined` when it is not a range.
 */
export function parseRange(text: string): ParsedRange | undefined {
  if (typeof text !== 'string') return undefined
  const [address = '', bits, extra] = text.trim().split('/')
  if (extra !== undefined || address.startsWith('[')) return undefined
  const ip = parseIp(address)
  if (!ip) return undefined
  const width = ip.version === 4 ? 32 : 128
  if (bits === undefined) return { ...ip, prefix: width }
  if (!PREFIX.test(bits)) return undefined
  // An IPv4-mapped range is written in IPv6 bits: the first 96 are the mapping prefix.
  const prefix = Number(bits) - (ip.version === 4 && address.includes(':') ? 96 : 0)
  return prefix >= 0 && prefix <= width ? { ...ip, prefix } : undefined
}

/** Whether `ip` is in `range` (never across IP versions). */
export function rangeContains(range: ParsedRange, ip: ParsedIp): boolean {
  if (range.version !== ip.version) return false
  for (let i = 0, left = range.prefix; left > 0; i++, left -= 16) {
    const shift = 16 - Math.min(16, left)
    if ((range.groups[i] ?? 0) >> shift !== (ip.groups[i] ?? 0) >> shift) return false
  }
  return true
}

/**
 * Addresses that are not a public host's (IANA's special-purpose registries): private (RFC 1918),
 * shared/CGNAT (100.64.0.0/10), loopback, link-local, unspecified, "this network", benchmarking,
 * documentation, IETF protocol assignments, multicast, reserved and broadcast; IPv6 unique local,
 * link- and site-local, discard-only, documentation, benchmarking and local-use NAT64. A geo
 * database has nothing true to say about them (some answer anyway).
 */
const SPECIAL_RANGES: readonly ParsedRange[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  '64:ff9b:1::/48',
  '100::/64',
  '2001:2::/48',
  '2001:db8::/32',
  '3fff::/20',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
].map((cidr) => parseRange(cidr) as ParsedRange)

/** Whether `ip` is an IP that no public host has (private, loopback, link-local, ULA, CGNAT, …). */
export function isPrivateIp(ip: string): boolean {
  const parsed = parseIp(ip)
  return parsed !== undefined && isSpecialIp(parsed)
}

/** `isPrivateIp` of an IP already parsed. */
export function isSpecialIp(ip: ParsedIp): boolean {
  return SPECIAL_RANGES.some((range) => rangeContains(range, ip))
}

/** A set of CIDR ranges (`192.0.2.0/24`, `2001:db8::/32`, single addresses). */
export interface IpRanges {
  /** Whether `ip` (any form `normalizeIp` reads) is in one of the ranges; `false` for a non-IP. */
  has(ip: string): boolean
}

/** Whether `text` is a range `createIpRanges` accepts: a CIDR or a single address, IPv4 or IPv6. */
export function isIpRange(text: string): boolean {
  return parseRange(text) !== undefined
}

/**
 * The ranges of `cidrs` (IPv4 and IPv6 CIDRs, or single addresses). A malformed range is an
 * `EnrichConfigError` naming `setting` (as the caller spells it) and the range.
 */
export function createIpRanges(cidrs: readonly string[], setting: string): IpRanges {
  const ranges: ParsedRange[] = cidrs.map((cidr) => {
    const range = parseRange(cidr)
    if (!range) {
      throw new EnrichConfigError(
        setting,
        String(cidr),
        'not an IP range: expected a CIDR such as 192.0.2.0/24 or 2001:db8::/32, or an address',
      )
    }
    return range
  })
  return {
    has(ip) {
      const parsed = parseIp(ip)
      return parsed !== undefined && ranges.some((range) => rangeContains(range, parsed))
    },
  }
}
