/**
 * The parts of a URL that traffic classification reads, by a small tolerant scanner: `new URL`
 * throws on relative URLs (`/landing?gclid=…`) whose query is still usable, and on a malformed
 * host it gives nothing at all, where the query may still be read.
 */
export interface UrlParts {
  /** Lower case, without `:`; absent for a relative URL. */
  scheme?: string
  /** Lower case, without user info, port, brackets or trailing dots; absent when unusable. */
  host?: string
  /** Between `?` and `#`, without either; absent when there is none. */
  query?: string
}

const MAX_HOST_LENGTH = 253

/** The scheme, host and query of a URL, absolute or relative. Never throws. */
export function urlParts(url: string): UrlParts {
  const parts: UrlParts = {}
  const hash = url.indexOf('#')
  const end = hash === -1 ? url.length : hash
  const question = url.indexOf('?')
  if (question !== -1 && question < end) parts.query = url.slice(question + 1, end)
  const stop = question !== -1 && question < end ? question : end
  let at = 0
  while (at < stop && url.charCodeAt(at) <= 0x20) at++
  const colon = schemeEnd(url, at, stop)
  if (colon !== -1) {
    parts.scheme = url.slice(at, colon).toLowerCase()
    at = colon + 1
  }
  if (url.startsWith('//', at)) {
    const host = hostOf(url, at + 2, stop)
    if (host) parts.host = host
  }
  return parts
}

/** Where a scheme's `:` is (`[a-z][a-z0-9+.-]*:`), or -1. */
function schemeEnd(url: string, from: number, stop: number): number {
  for (let i = from; i < stop; i++) {
    const c = url.charCodeAt(i) | 0x20
    if (c === 0x3a /* ':' */ && i > from) return i
    const letter = c >= 0x61 && c <= 0x7a
    if (
      i === from
        ? !letter
        : !(letter || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)
    )
      return -1
  }
  return -1
}

/** The host of the authority starting at `from`, normalised, or undefined when not a plausible host. */
function hostOf(url: string, from: number, stop: number): string | undefined {
  let end = from
  while (end < stop) {
    const c = url.charCodeAt(end)
    if (c === 0x2f /* / */ || c === 0x5c /* \ */) break
    end++
  }
  const atSign = url.lastIndexOf('@', end - 1)
  const authority = url.slice(atSign >= from ? atSign + 1 : from, end)
  let host: string
  if (authority.charCodeAt(0) === 0x5b /* [ */) {
    const close = authority.indexOf(']')
    if (close === -1) return undefined
    host = authority.slice(1, close)
    return /^[0-9a-f:.]+$/i.test(host) ? host.toLowerCase() : undefined
  }
  const port = authority.indexOf(':')
  host = (port === -1 ? authority : authority.slice(0, port)).toLowerCase()
  let last = host.length
  while (last > 0 && host.charCodeAt(last - 1) === 0x2e) last--
  if (last !== host.length) host = host.slice(0, last)
  return plausibleHost(host) ? host : undefined
}

/**
 * Letters, digits, `-`, `_` and non-ASCII letters in dot-separated labels (no empty label), at
 * most 253 characters: what a browser would send, and what a host table can match.
 */
function plausibleHost(host: string): boolean {
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return false
  let labelLength = 0
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i)
    if (c === 0x2e) {
      if (labelLength === 0) return false
      labelLength = 0
      continue
    }
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2d ||
      c === 0x5f ||
      (c >= 0xa0 && c !== 0xfffd && (c < 0xd800 || c > 0xdfff))
    if (!ok) return false
    labelLength++
  }
  return labelLength > 0
}
