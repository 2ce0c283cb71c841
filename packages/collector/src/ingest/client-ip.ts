/**
 * Client addresses: from the connection, or from `X-Forwarded-For` when the connection comes from
 * a trusted proxy; optional anonymisation (last IPv4 octet, last 80 bits of IPv6).
 */

/** Trusted proxies: `'*'` (trust any, e.g. behind a load balancer that always sets it) or addresses / IPv4 CIDRs. */
export type TrustedProxies = '*' | readonly string[]

export interface ClientIpInput {
  /** The peer address the runtime reports, if it can. */
  connectionIp: string | undefined
  forwardedFor: string | null
  trustedProxies: TrustedProxies
}

/** The client's address, or `undefined` when nothing trustworthy is known. */
export function clientIp(input: ClientIpInput): string | undefined {
  const connection = input.connectionIp ? stripMapped(input.connectionIp) : undefined
  const proxies = input.trustedProxies
  if (!input.forwardedFor) return connection
  const viaProxy = connection === undefined ? proxies === '*' : isTrusted(connection, proxies)
  if (!viaProxy) return connection
  const hops = input.forwardedFor
    .split(',')
    .map((hop) => stripMapped(hop.trim()))
    .filter(isIp)
  if (proxies === '*') return hops[0] ?? connection
  // The right-most hop no trusted proxy vouches for is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    if (!isTrusted(hop, proxies)) return hop
  }
  return hops[0] ?? connection
}

function isTrusted(ip: string, proxies: TrustedProxies): boolean {
  if (proxies === '*') return true
  return proxies.some((entry) => matches(ip, entry))
}

function matches(ip: string, entry: string): boolean {
  const [range, bits] = entry.split('/')
  if (bits === undefined || !range) return ip.toLowerCase() === entry.toLowerCase()
  const a = ipv4ToInt(ip)
  const b = ipv4ToInt(range)
  const prefix = Number(bits)
  if (a === undefined || b === undefined || !(prefix >= 0 && prefix <= 32)) return false
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
  return (a & mask) >>> 0 === (b & mask) >>> 0
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let out = 0
  for (const part of parts) {
    const n = Number(part)
    if (!/^\d{1,3}$/.test(part) || n > 255) return undefined
    out = out * 256 + n
  }
  return out
}

const stripMapped = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip)

function isIp(value: string): boolean {
  return ipv4ToInt(value) !== undefined || (value.includes(':') && /^[0-9a-f:.]+$/i.test(value))
}

/** `203.0.113.42` → `203.0.113.0`; `2001:db8:85a3:8d3:1319:8a2e:370:7348` → `2001:db8:85a3::`. */
export function anonymiseIp(ip: string): string {
  const v4 = stripMapped(ip)
  if (ipv4ToInt(v4) !== undefined) return v4.replace(/\.\d+$/, '.0')
  const groups = expandIpv6(ip)
  if (!groups) return ip
  return `${groups
    .slice(0, 3)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::`
}

function expandIpv6(ip: string): string[] | undefined {
  const [head = '', tail, extra] = ip.split('::')
  if (extra !== undefined) return undefined
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const missing = 8 - left.length - right.length
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined
  const groups = [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
  return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups : undefined
}
