import type { MiddlewareHandler } from 'hono'
import type { SourceRegistry } from '../auth/sources.js'
import { CollectorError } from '../errors.js'

const ALLOWED_HEADERS = 'Authorization, Content-Type, Content-Encoding, X-Retry-Count'

/**
 * CORS per source. A preflight carries no write key, so it is answered for an origin that any
 * source allows; the request itself is then checked against its own source (403 otherwise).
 * The origin is echoed (never `*`), with `Vary: Origin`.
 */
export function cors(registry: () => SourceRegistry): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')
    const allowed = origin !== undefined && registry().anyAllowsOrigin(origin)
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (!allowed) {
        throw new CollectorError('origin_not_allowed', 'this origin may not send to the collector')
      }
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers':
          c.req.header('access-control-request-headers') ?? ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      })
    }
    await next()
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin)
      c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After')
      c.res.headers.append('Vary', 'Origin')
    }
  }
}
