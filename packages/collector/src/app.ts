import type { MessageType } from '@clickstream/schema'
import { MESSAGE_TYPES } from '@clickstream/schema/lite'
import { type Context, Hono } from 'hono'
import { etag } from 'hono/etag'
import { sourceRegistryOf } from './auth/sources.js'
import { createAuthenticator } from './auth/write-key.js'
import { CollectorError, errorBody } from './errors.js'
import { cors } from './http/cors.js'
import { originVerify } from './http/origin-verify.js'
import { checkContentType, parseJsonObject } from './http/parse-json.js'
import { createRateLimiter } from './http/rate-limit.js'
import { rudderSourceConfig } from './http/rudderstack.js'
import { serveSegmentScript } from './http/segment-script.js'
import { segmentSettings } from './http/segment-settings.js'
import { clientIp } from './ingest/client-ip.js'
import { prepare, type Route } from './ingest/prepare.js'
import { createLogSampler } from './log-sampler.js'
import { type CollectorOptions, resolveCollectorOptions } from './options.js'
import type { PutResult } from './sink/sink.js'

/** Segment's one-letter aliases (analytics.js) of the single-message routes. */
const SHORT: Record<MessageType, string> = {
  track: 't',
  page: 'p',
  screen: 's',
  identify: 'i',
  group: 'g',
  alias: 'a',
}

/**
 * The collector as a Web-standard Hono app: routes only, no runtime specifics. A 2xx means every
 * valid event is in the stream and every invalid one in the rejected-events sink.
 */
export function createApp(options: CollectorOptions): Hono {
  const o = resolveCollectorOptions(options)
  const registry = sourceRegistryOf(o.sources)
  const authenticate = createAuthenticator(registry)
  const limiter = o.rateLimit ? createRateLimiter(o.rateLimit, o.now) : undefined
  const suppression = () => {
    if (!o.suppression) return undefined
    const list = o.suppression()
    if (list === undefined) {
      throw new CollectorError(
        'suppression_unavailable',
        'the suppression list could not be read',
        {
          retryAfterSeconds: 5,
        },
      )
    }
    return list
  }
  const app = new Hono()

  // 4xx lines are sampled (a flood of bad requests must not flood the logs); /metrics counts them all.
  const failures = createLogSampler(o.logger, { now: o.now })
  const answerError = (error: unknown, c: Context) => {
    const known =
      error instanceof CollectorError
        ? error
        : new CollectorError('internal', 'internal error: the request was not processed')
    if (known.code === 'internal') o.logger.error('unhandled error', { error: String(error) })
    else failures.warn(known.code, 'request failed', { path: c.req.path, code: known.code })
    const { retryAfterSeconds } = known.options
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) }
    return c.json(errorBody(known), known.status, headers)
  }
  app.onError(answerError)
  // Answered, not thrown: Hono calls notFound as the last handler outside the middleware's
  // try/catch, so a throw there would skip the CORS headers (and the browser would hide the 404).
  app.notFound((c) => answerError(new CollectorError('not_found', 'no such route'), c))

  app.use(async (c, next) => {
    const started = o.now()
    await next()
    const { status } = c.res
    o.metrics.requests.set(status, (o.metrics.requests.get(status) ?? 0) + 1)
    o.logger.debug('request', {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: o.now() - started,
    })
  })
  // Before CORS: a request around the CDN learns nothing, not even which origins are allowed.
  if (o.originVerify) app.use(originVerify(o.originVerify))
  app.use(cors(registry))

  app.get('/health', (c) => c.json({ ok: true }))
  app.get('/ready', async (c) => {
    const [events, rejected] = await Promise.all([o.sink.ready(), o.rejectSink.ready()])
    if (events && rejected) return c.json({ ok: true })
    throw new CollectorError('sink_unavailable', 'the stream is not reachable', {
      retryAfterSeconds: 5,
    })
  })
  // SDKs' own telemetry (analytics.js on /m, RudderStack's JS SDK on /rsaMetrics) is not
  // clickstream data: answered and counted, never read or stored.
  for (const path of ['/m', '/rsaMetrics']) {
    app.post(path, (c) => {
      o.metrics.telemetry.set(path, (o.metrics.telemetry.get(path) ?? 0) + 1)
      return c.body(null, 204)
    })
  }

  /** The source of a request, from its write key, if its browser origin may use it. */
  const sourceOf = (c: Context, body: Record<string, unknown>, keyInQuery: boolean) => {
    const query = keyInQuery ? (c.req.query('writeKey') ?? '') : undefined
    const source = authenticate(c.req.header('authorization') ?? null, body, query)
    const origin = c.req.header('origin')
    if (origin !== undefined && !registry().allowsOrigin(source, origin)) {
      throw new CollectorError('origin_not_allowed', 'this origin may not send with this write key')
    }
    return source
  }

  // RudderStack's JS SDK reads its source config before sending: a minimal one, no destinations.
  for (const path of ['/sourceConfig', '/sourceConfig/']) {
    app.get(path, (c) => c.json(rudderSourceConfig(sourceOf(c, {}, true))))
  }

  // analytics.js with `cdnURL` at the collector: its settings send the Segment.io destination here.
  /** The source of the write key in the path (analytics.js's CDN routes), for an origin it allows. */
  const sourceOfPath = (c: Context) => {
    const source = registry().byWriteKey(c.req.param('writeKey') ?? '')
    if (!source) throw new CollectorError('not_found', 'no source has this write key')
    const origin = c.req.header('origin')
    if (origin !== undefined && !registry().allowsOrigin(source, origin)) {
      throw new CollectorError('origin_not_allowed', 'this origin may not use this write key')
    }
    return source
  }
  app.get('/v1/projects/:writeKey/settings', etag(), (c) => {
    const writeKey = c.req.param('writeKey')
    sourceOfPath(c)
    const url = new URL(c.req.url)
    const [host, protocol] = o.publicHost
      ? [o.publicHost, 'https' as const]
      : [url.host, url.protocol === 'https:' ? ('https' as const) : ('http' as const)]
    // Short-lived: a key revoked or an origin changed is seen within a minute (ETag: 304 meanwhile).
    c.header('Cache-Control', 'public, max-age=60')
    return c.json(segmentSettings(writeKey, host, protocol))
  })

  // Segment's stock snippet loads our Segment-compatible build from here.
  if (o.segmentScript) serveSegmentScript(app, o.segmentScript, sourceOfPath)

  const ingest = (route: Route, alsoKeyIn?: 'query') => async (c: Context) => {
    const receivedAt = o.now()
    checkContentType(c.req.header('content-type') ?? null)
    const text = await o.readBody(c, o)
    const body = parseJsonObject(text)
    const source = sourceOf(c, body, alsoKeyIn === 'query')
    const rate = limiter?.take(source.id)
    if (rate && !rate.ok) {
      throw new CollectorError('rate_limited', 'too many requests for this source', rate)
    }
    const ip = clientIp({
      connectionIp: o.connectionIp(c),
      viewerAddress: o.viewerAddressHeader ? (c.req.header(o.viewerAddressHeader) ?? null) : null,
      forwardedFor: c.req.header('x-forwarded-for') ?? null,
      trustedProxies: o.trustedProxies,
    })
    const prepared = await prepare(
      body,
      route,
      source.id,
      {
        receivedAt,
        ...(ip ? { ip } : {}),
        anonymiseIp: source.anonymizeIp ?? o.anonymiseIp,
        newMessageId: o.newMessageId,
      },
      { privacy: source.privacy, suppression: suppression(), trackingPlan: source.trackingPlan },
    )
    const [events, rejected] = await Promise.all([
      o.sink.put(prepared.records),
      o.rejectSink.put(prepared.rejectedRecords),
    ])
    throwIfFailed(events)
    throwIfFailed(rejected)
    o.metrics.accepted += prepared.accepted
    o.metrics.rejected +=
      prepared.invalid.length - prepared.consentDenied - prepared.suppressed - prepared.planBlocked
    o.metrics.planViolations.blocked += prepared.planBlocked
    o.metrics.planViolations.flagged += prepared.planFlagged
    o.metrics.suppressed += prepared.suppressed
    o.metrics.consentDenied += prepared.consentDenied
    o.metrics.consentStripped += prepared.consentStripped
    return c.json({
      ok: true,
      accepted: prepared.accepted,
      rejected: prepared.invalid.map(({ index, messageId, issues }) => ({
        index,
        ...(messageId === undefined ? {} : { messageId }),
        errors: issues,
      })),
    })
  }

  for (const path of ['/v1/batch', '/v1/b', '/v1/import']) app.post(path, ingest('batch'))
  // RudderStack's beacon mode: sendBeacon posts text/plain without Authorization, the key in the
  // query string. Same ingest and answers; sendBeacon never reads them (see the README).
  app.post('/beacon/v1/batch', ingest('batch', 'query'))
  for (const type of MESSAGE_TYPES) {
    app.post(`/v1/${type}`, ingest(type))
    app.post(`/v1/${SHORT[type]}`, ingest(type))
  }
  return app
}

function throwIfFailed(result: PutResult): void {
  if (result.ok) return
  const code =
    result.reason === 'overloaded'
      ? 'overloaded'
      : result.reason === 'closed'
        ? 'shutting_down'
        : 'sink_unavailable'
  throw new CollectorError(code, result.message, { retryAfterSeconds: result.retryAfterSeconds })
}
