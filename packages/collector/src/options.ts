import type { Suppression } from '@clickstream/privacy'
import { MAX_REQUEST_BYTES } from '@clickstream/schema/lite'
import type { Context } from 'hono'
import type { SourcesConfig, SourcesProvider } from './auth/sources.js'
import type { OriginVerifyOptions } from './http/origin-verify.js'
import type { RateLimitOptions } from './http/rate-limit.js'
import { type BodyLimits, readBody } from './http/read-body.js'
import type { SegmentScriptSource } from './http/segment-script.js'
import type { TrustedProxies } from './ingest/client-ip.js'
import { type Logger, silentLogger } from './logger.js'
import { createMetrics, type Metrics } from './metrics.js'
import type { Sink } from './sink/sink.js'

export interface CollectorOptions {
  /** Where valid events go (one envelope per partition key per request). */
  sink: Sink
  /** Where invalid events go, with their reasons. */
  rejectSink: Sink
  /** Write key → source, or a provider of the sources in force (re-read while running). */
  sources: SourcesConfig | SourcesProvider
  /**
   * The people whose events are not stored (deleted: `@clickstream/privacy`), as a provider of
   * the list in force; `undefined` from it: 503 `suppression_unavailable`. @default none
   */
  suppression?: () => Suppression | undefined
  /**
   * Refuse (403 `origin_unverified`) every request without this secret header: the CDN in front
   * adds it, so the origin cannot be called around the CDN. @default off
   */
  originVerify?: OriginVerifyOptions
  /**
   * The host the SDKs reach the collector at (`collect.shop.example`), for the analytics.js
   * settings' `apiHost` (https). @default the request's own host and scheme
   */
  publicHost?: string
  /**
   * A header the CDN in front sets to the viewer's address (`cloudfront-viewer-address`); it wins
   * over the connection and `X-Forwarded-For`. Set it only where clients cannot reach the
   * collector around that CDN (`originVerify`). @default none
   */
  viewerAddressHeader?: string
  /**
   * The script Segment's stock snippet loads (`@clickstream/sdk-browser`'s `dist/analytics.min.js`
   * and its gzip/brotli copies), served at `/analytics.js/v1/<writeKey>/analytics.min.js` and
   * `/sdk/v<hash>/analytics.min.js`; read on the first request for it. @default not served (404)
   */
  segmentScript?: SegmentScriptSource
  /** Proxies whose `X-Forwarded-For` is believed. @default [] */
  trustedProxies?: TrustedProxies
  /** Zero the last IPv4 octet / last 80 bits of IPv6 of `context.ip`. @default false */
  anonymiseIp?: boolean
  /** Largest body once inflated, in bytes. @default 500 KiB (Segment's limit) */
  maxBodyBytes?: number
  /** Largest gzip body as sent, in bytes. @default maxBodyBytes */
  maxWireBytes?: number
  /** Time allowed for a body to arrive, in ms. @default 10000 */
  bodyTimeoutMs?: number
  /** Per-source token bucket (requests). @default off */
  rateLimit?: RateLimitOptions
  /** The peer address of a request; the runtime entry supplies it. @default none */
  connectionIp?: (c: Context) => string | undefined
  /**
   * Reads a request's body as text within the limits; a runtime entry may supply a faster one.
   * @default reads `c.req.raw` (Web streams)
   */
  readBody?: (c: Context, limits: BodyLimits) => Promise<string>
  /** @default a silent logger */
  logger?: Logger
  /** Counters to add to. @default fresh ones */
  metrics?: Metrics
  /** @default Date.now */
  now?: () => number
  /** @default crypto.randomUUID */
  newMessageId?: () => string
}

type OptionalKeys =
  | 'rateLimit'
  | 'originVerify'
  | 'viewerAddressHeader'
  | 'suppression'
  | 'publicHost'
  | 'segmentScript'

export type ResolvedCollectorOptions = Required<Omit<CollectorOptions, OptionalKeys>> &
  Pick<CollectorOptions, OptionalKeys>

export function resolveCollectorOptions(options: CollectorOptions): ResolvedCollectorOptions {
  const maxBodyBytes = positive(options.maxBodyBytes, MAX_REQUEST_BYTES)
  return {
    ...options,
    trustedProxies: options.trustedProxies ?? [],
    anonymiseIp: options.anonymiseIp ?? false,
    maxBodyBytes,
    maxWireBytes: positive(options.maxWireBytes, maxBodyBytes),
    bodyTimeoutMs: positive(options.bodyTimeoutMs, 10_000),
    connectionIp: options.connectionIp ?? (() => undefined),
    readBody: options.readBody ?? ((c, limits) => readBody(c.req.raw, limits)),
    logger: options.logger ?? silentLogger,
    metrics: options.metrics ?? createMetrics(),
    now: options.now ?? Date.now,
    newMessageId: options.newMessageId ?? (() => crypto.randomUUID()),
  }
}

const positive = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
