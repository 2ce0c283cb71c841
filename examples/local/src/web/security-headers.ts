import type { MiddlewareHandler } from 'hono'
import { NONCE, secureHeaders } from 'hono/secure-headers'

/**
 * The headers of every response of the local web UI (Hono's `secureHeaders`). The pages load their
 * scripts and styles from this server; the demo shop's one inline script (the SDK snippet) carries
 * the request's nonce (`c.get('secureHeadersNonce')`); the SDK sends to the collector, another
 * origin, so `connect-src` names it. No page may frame these (clickjacking), no response is sniffed.
 */
export function uiSecureHeaders(o: { connectSrc: readonly string[] }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      connectSrc: ["'self'", ...o.connectSrc],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // Shop pages keep their referrer within the site (the SDK records it); nothing leaves it.
    referrerPolicy: 'same-origin',
    // Another local app (localhost:5173) may load the SDK bundle; other sites may not read anything.
    crossOriginResourcePolicy: 'same-site',
    // Plain HTTP on this machine: HSTS would be ignored, or pin every localhost port to HTTPS.
    strictTransportSecurity: false,
  })
}
