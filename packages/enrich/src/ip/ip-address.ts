/**
 * An IP as text in its canonical form (`::ffff:1.2.3.4` → `1.2.3.4`, IPv6 lower case and
 * compressed), or `undefined` when the value is not an IP.
 *
 * TODO(part B): the collector's parsing moves here (one home).
 */
export function normalizeIp(value: string): string | undefined {
  const v = value.trim()
  return /^[0-9a-f:.]+$/i.test(v) && v.length <= 45 ? v : undefined
}

/** `203.0.113.42` → `203.0.113.0`; IPv6 keeps its first 48 bits. TODO(part B) */
export function anonymizeIp(ip: string): string {
  return ip.includes(':') ? ip : ip.replace(/\.\d+$/, '.0')
}

/** A set of CIDR ranges (`192.0.2.0/24`, `2001:db8::/32`). TODO(part B) */
export interface IpRanges {
  has(ip: string): boolean
}

/** The ranges of `cidrs`. TODO(part B): a malformed range is an `EnrichConfigError`. */
export function createIpRanges(_cidrs: readonly string[], _setting: string): IpRanges {
  return { has: () => false }
}
