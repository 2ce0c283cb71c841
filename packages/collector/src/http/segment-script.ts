import type { Context, Hono } from 'hono'
import { CollectorError } from '../errors.js'

/**
 * The script Segment's stock snippet loads (`@clickstream/sdk-browser`'s `dist/analytics.min.js`),
 * as built and precompressed: the collector never compresses it per request.
 */
export interface SegmentScript {
  /** The script itself. */
  js: Uint8Array
  /** Its gzip copy; without it, gzip is not offered. */
  gzip?: Uint8Array
  /** Its brotli copy; without it, brotli is not offered. */
  br?: Uint8Array
}

/**
 * Where the script comes from: called once, on the first request for it (never on the event
 * routes); a failure is answered 503 `script_unavailable` and asked again on the next request.
 */
export type SegmentScriptSource = () => SegmentScript | Promise<SegmentScript>

/** What the snippet's path may be cached for (the versioned path is immutable). */
export const SNIPPET_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600'
export const VERSIONED_CACHE_CONTROL = 'public, max-age=31536000, immutable'

type Encoding = 'br' | 'gzip' | 'identity'
interface Prepared {
  /** First 16 hex digits of the script's SHA-256: the versioned path and the ETags. */
  hash: string
  bodies: Partial<Record<Encoding, Uint8Array>>
}

const toHex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

/** The encodings a request accepts (`q=0` refuses one), best first among those we have. */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  have: readonly Encoding[],
): Encoding {
  const q = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';')
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name) q.set(name, weight ? Number(weight.slice(2)) || 0 : 1)
  }
  const accepts = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0
  return (['br', 'gzip'] as const).find((e) => have.includes(e) && accepts(e)) ?? 'identity'
}

/** `If-None-Match` against one strong ETag (the weak comparison RFC 9110 prescribes for it). */
const matches = (ifNoneMatch: string | undefined, etag: string) =>
  (ifNoneMatch ?? '').split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })

/**
 * Serves the script at Segment's path, `GET /analytics.js/v1/:writeKey/analytics.min.js` (a known
 * write key; an `Origin` the source refuses gets 403, as the settings route), short-lived, and at
 * its immutable versioned path `GET /sdk/v<hash>/analytics.min.js`. Both: strong ETag per encoding
 * (304 on `If-None-Match`), brotli or gzip by `Accept-Encoding`, `Vary: Accept-Encoding`.
 */
export function serveSegmentScript(
  app: Hono,
  source: SegmentScriptSource,
  /** Checks the write key in the path (and the request's origin against its source). */
  checkKey: (c: Context) => unknown,
): void {
  let prepared: Promise<Prepared> | undefined
  const prepare = async (): Promise<Prepared> => {
    const script = await source()
    const digest = await crypto.subtle.digest('SHA-256', script.js as Uint8Array<ArrayBuffer>)
    return {
      hash: toHex(digest).slice(0, 16),
      bodies: { identity: script.js, gzip: script.gzip, br: script.br },
    }
  }
  const load = () => {
    prepared ??= prepare().catch((error: unknown) => {
      prepared = undefined
      throw new CollectorError('script_unavailable', `the script could not be read: ${error}`, {
        retryAfterSeconds: 5,
      })
    })
    return prepared
  }
  const answer = (c: Context, { hash, bodies }: Prepared, cacheControl: string) => {
    const have = (Object.keys(bodies) as Encoding[]).filter((e) => bodies[e])
    const encoding = chooseEncoding(c.req.header('accept-encoding'), have)
    const etag = `"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"`
    const headers: Record<string, string> = {
      'Cache-Control': cacheControl,
      ETag: etag,
      Vary: 'Accept-Encoding',
      'Content-Location': `/sdk/v${hash}/analytics.min.js`,
    }
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding
    headers['Content-Type'] = 'text/javascript; charset=utf-8'
    headers['X-Content-Type-Options'] = 'nosniff'
    // workerd compresses a body whose Content-Encoding it is given unless told it already is
    // (`encodeBody: 'manual'`); other runtimes ignore the field.
    return new Response(
      bodies[encoding] as Uint8Array<ArrayBuffer>,
      {
        status: 200,
        headers,
        encodeBody: 'manual',
      } as ResponseInit,
    )
  }

  app.get('/analytics.js/v1/:writeKey/analytics.min.js', async (c) => {
    checkKey(c)
    return answer(c, await load(), SNIPPET_CACHE_CONTROL)
  })
  app.get('/sdk/:version/analytics.min.js', async (c) => {
    const script = await load()
    if (c.req.param('version') !== `v${script.hash}`) {
      throw new CollectorError('not_found', 'no script has this version')
    }
    return answer(c, script, VERSIONED_CACHE_CONTROL)
  })
}
