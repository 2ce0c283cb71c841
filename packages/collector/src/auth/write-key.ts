import { CollectorError } from '../errors.js'
import type { Source, SourceRegistry } from './sources.js'

/** Distinct `Authorization` headers remembered decoded; past this the memory starts over. */
const MAX_REMEMBERED_HEADERS = 256

/**
 * `query`: the `writeKey` query parameter (`''` when absent) on the routes that take one
 * (RudderStack's beacon and source-config requests); other routes pass `undefined`.
 */
export type Authenticate = (
  authorization: string | null,
  body: Record<string, unknown>,
  query?: string,
) => Source

/**
 * Finds the source of a request by its write key: HTTP Basic (key as user name, empty password)
 * first, then the `writeKey` query parameter where the route takes one, then `writeKey` in the body. The key is used only to find the source; it is never logged
 * or stored. Decoded headers are remembered (a few distinct ones per source, bounded against
 * hostile variety), so base64 is decoded once per client, not once per request.
 */
export function createAuthenticator(registry: () => SourceRegistry): Authenticate {
  const decoded = new Map<string, string | undefined>()
  const writeKeyOf = (header: string): string | undefined => {
    if (decoded.has(header)) return decoded.get(header)
    const key = fromHeader(header)
    if (decoded.size >= MAX_REMEMBERED_HEADERS) decoded.clear()
    decoded.set(header, key)
    return key
  }
  return (authorization, body, query) => {
    const writeKey =
      (authorization ? writeKeyOf(authorization) : undefined) || query || fromBody(body)
    if (!writeKey) {
      throw new CollectorError(
        'missing_write_key',
        query === undefined
          ? 'no write key: send HTTP Basic auth with the write key as user name, or writeKey in the body'
          : 'no write key: send HTTP Basic auth with the write key as user name, ?writeKey=, or writeKey in the body',
      )
    }
    const source = registry().byWriteKey(writeKey)
    if (!source) throw new CollectorError('unknown_write_key', 'the write key is not known')
    return source
  }
}

/** The user name of a Basic `Authorization` header; throws when the header is not one. */
function fromHeader(header: string): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header)
  if (!match?.[1]) {
    throw new CollectorError('missing_write_key', 'Authorization must be Basic <base64(writeKey:)>')
  }
  let decoded: string
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)),
    )
  } catch {
    throw new CollectorError('missing_write_key', 'Authorization is not valid base64')
  }
  const colon = decoded.indexOf(':')
  const user = colon === -1 ? decoded : decoded.slice(0, colon)
  return user || undefined
}

function fromBody(body: Record<string, unknown>): string | undefined {
  const key = body.writeKey
  return typeof key === 'string' && key.length > 0 ? key : undefined
}
