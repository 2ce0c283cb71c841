import type { MiddlewareHandler } from 'hono'

/** The host names the local web UI answers by default (any port): this machine's loopback names. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]']

/**
 * The host name of a `Host` header or a configured entry: lower-cased, without its port; an IPv6
 * address in brackets (`::1` and `[::1]:3000` are both `[::1]`). A value that is not a host (two
 * ports, a path) comes back as it is, so it matches no allowed name.
 */
export function hostName(value: string): string {
  const host = value.trim().toLowerCase()
  if (/^[0-9a-f:]+:[0-9a-f:]*$/.test(host) && host.split(':').length > 2) return `[${host}]`
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::\d{1,5})?$/.exec(host)
  return m?.[1] ?? host
}

/**
 * Answers only requests for one of `allowed` (plus the loopback names): against DNS rebinding, where
 * a page of another site resolves its own name to 127.0.0.1 and reads this server as same-origin.
 * Such a request names the attacker's host, so it gets a 403 with a code and nothing else.
 */
export function hostCheck(allowed: readonly string[] = []): MiddlewareHandler {
  const names = new Set([...LOOPBACK_HOSTS, ...allowed].map(hostName))
  const list = [...names].join(', ')
  return async (c, next) => {
    // The Host header, and the URL's host: the same unless the request target is an absolute URL.
    const hosts = [c.req.header('host'), new URL(c.req.url).host]
    const refused = hosts.find((h) => h !== undefined && !names.has(hostName(h)))
    if (refused === undefined) return next()
    return c.json(
      {
        error: {
          code: 'host_not_allowed',
          message: `host ${JSON.stringify(refused.slice(0, 100))} is not allowed: this server answers ${list}; add a name with --allowed-hosts (CLICKSTREAM_ALLOWED_HOSTS)`,
        },
      },
      403,
    )
  }
}
