import { MAX_REQUEST_BYTES } from '@clickstream/schema/lite'
import type { Context } from 'hono'
import type { SourcesConfig } from './auth/sources.js'
import type { RateLimitOptions } from './http/rate-limit.js'
import { type BodyLimits, readBody } from './http/read-body.js'
import type { TrustedProxies } from './ingest/client-ip.js'
import { type Logger, silentLogger } from './logger.js'
import { createMetrics, type Metrics } from './metrics.js'
import type { Sink } from './sink/sink.js'

export interface CollectorOptions {
  /** Where valid events go (one envelope per partition key per request). */
  sink: Sink
  /** Where invalid events go, with their reasons. */
  rejectSink: Sink
  /** Write key → source. */
  sources: SourcesConfig
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

export type ResolvedCollectorOptions = Required<Omit<CollectorOptions, 'rateLimit'>> &
  Pick<CollectorOptions, 'rateLimit'>

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
