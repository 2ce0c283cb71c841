/**
 * Client addresses: from the connection, or from `X-Forwarded-For` when the connection comes from
 * a trusted proxy. Parsing, ranges and anonymisation are `@clickstream/enrich/ip`'s (one home).
 */
import { createIpRanges, type IpRanges, isIpRange, normalizeIp } from '@clickstream/enrich/ip'

/** Trusted proxies: `'*'` (trust any, e.g. behind a load balancer that always sets it) or addresses / IPv4 and IPv6 CIDRs. */
export type TrustedProxies = '*' | readonly string[]

export interface ClientIpInput {
  /** The peer address the runtime reports, if it can. */
  connectionIp: string | undefined
  /**
   * The viewer's address as a CDN in front states it (`CloudFront-Viewer-Address`: `IP:port`,
   * IPv6 unbracketed), when the collector is configured to believe one: it wins over the rest.
   */
  viewerAddress?: string | null
  forwardedFor: string | null
  trustedProxies: TrustedProxies
}

/** The client's address in canonical form, or `undefined` when nothing trustworthy is known. */
export function clientIp(input: ClientIpInput): string | undefined {
  const viewer = input.viewerAddress ? addressOf(input.viewerAddress) : undefined
  if (viewer) return viewer
  const connection = input.connectionIp ? normalizeIp(input.connectionIp) : undefined
  const proxies = input.trustedProxies
  if (!input.forwardedFor) return connection
  const viaProxy = connection === undefined ? proxies === '*' : isTrusted(connection, proxies)
  if (!viaProxy) return connection
  const hops = input.forwardedFor
    .split(',')
    .map((hop) => normalizeIp(hop))
    .filter((hop) => hop !== undefined)
  if (proxies === '*') return hops[0] ?? connection
  // The right-most hop no trusted proxy vouches for is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    if (!isTrusted(hop, proxies)) return hop
  }
  return hops[0] ?? connection
}

/** The ranges of each trusted-proxies list, built once; entries that are no range never match. */
const rangesOf = new WeakMap<readonly string[], IpRanges>()

function isTrusted(ip: string, proxies: TrustedProxies): boolean {
  if (proxies === '*') return true
  let ranges = rangesOf.get(proxies)
  if (!ranges) {
    ranges = createIpRanges(proxies.filter(isIpRange), 'TRUSTED_PROXIES')
    rangesOf.set(proxies, ranges)
  }
  return ranges.has(ip)
}

/** The address of `IP`, `IP:port`, `[IPv6]:port` or CloudFront's unbracketed `IPv6:port`. */
export function addressOf(value: string): string | undefined {
  const text = value.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)
  if (bracketed?.[1]) return normalizeIp(bracketed[1])
  const port = /^(.+):(\d{1,5})$/.exec(text)
  // `1.2.3.4:443` or `2001:db8::1:443`; a bare IPv6 whose last group is all digits would also
  // match, so the port is only stripped when what precedes it is an address.
  const withoutPort = port?.[1] ? normalizeIp(port[1]) : undefined
  return withoutPort ?? normalizeIp(text)
}
