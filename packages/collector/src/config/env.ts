import { createSuppression, parseSuppression, type SuppressionList } from '@clickstream/privacy'
import { z } from 'zod'
import type { SourcesConfig } from '../auth/sources.js'
import { ConfigError } from '../errors.js'
import type { TrustedProxies } from '../ingest/client-ip.js'
import { isJsonObject } from '../json-object.js'
import type { LogLevel } from '../logger.js'
import type { CollectorOptions } from '../options.js'
import { privacySchema } from '../privacy/rules.js'
import { type PlanReaders, resolveTrackingPlan } from './tracking-plans.js'

/** The write key `npm start` accepts when no `SOURCES` are configured (never in production). */
export const DEV_WRITE_KEY = 'dev-write-key'

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
)
const origins = z.union([z.literal('*'), list])

const sourcesSchema = z.record(
  z.string().min(1),
  z.object({
    id: z.string().min(1),
    allowedOrigins: z.union([z.literal('*'), z.array(z.string())]).optional(),
    privacy: privacySchema.optional(),
    /** The plan inline, `file:<path>` (Node) or `env:<NAME>`; checked by `resolveTrackingPlan`. */
    trackingPlan: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  }),
)

/** Environment of the Node and Lambda entries. Names as in the package README. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  KINESIS_STREAM: z.string().min(1).optional(),
  REJECTED_STREAM: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  KINESIS_ENDPOINT: z.url().optional(),
  SOURCES: z.string().optional(),
  CORS_ORIGINS: origins.optional(),
  TRUSTED_PROXIES: z.union([z.literal('*'), list]).default([]),
  ANONYMIZE_IP: z.stringbool().default(false),
  PUBLIC_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'a host name (and port), no scheme or path')
    .optional(),
  SUPPRESSION: z.string().optional(),
  SUPPRESSION_FILE: z.string().min(1).optional(),
  SUPPRESSION_TTL_SECONDS: z.coerce.number().positive().default(60),
  SEGMENT_SCRIPT_FILE: z.string().min(1).optional(),
  ORIGIN_VERIFY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'a header name')
    .optional(),
  ORIGIN_VERIFY_SECRET: list.optional(),
  VIEWER_ADDRESS_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'a header name')
    .optional(),
  MAX_BODY_BYTES: int(500 * 1024),
  BODY_TIMEOUT_MS: int(10_000),
  RATE_LIMIT_RPS: z.coerce.number().positive().optional(),
  RATE_LIMIT_BURST: z.coerce.number().positive().optional(),
  LINGER_MS: z.coerce.number().int().nonnegative().default(5),
  SINK_DEADLINE_MS: int(10_000),
  MAX_IN_FLIGHT_BYTES: int(64 * 1024 * 1024),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export interface CollectorConfig {
  port: number
  host: string
  /** `undefined`: memory sinks (development). */
  kinesisStream?: string
  rejectedStream?: string
  region: string
  kinesisEndpoint?: string
  /**
   * Static credentials of the Kinesis clients, for local services (kinesalite); the SDK's default
   * chain when absent. Never read from the environment: callers set it.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  sources: SourcesConfig
  /** True when the dev source was filled in because `SOURCES` was not set. */
  devSource: boolean
  trustedProxies: TrustedProxies
  anonymiseIp: boolean
  /** The secret header the CDN adds, and the values accepted (`ORIGIN_VERIFY_*`). */
  originVerify?: { header: string; values: readonly string[] }
  viewerAddressHeader?: string
  publicHost?: string
  /** Deleted people (`SUPPRESSION`, inline), or where their list is re-read (`SUPPRESSION_FILE`). */
  suppression?: { list: SuppressionList } | { file: string; ttlMs: number }
  /** The built `analytics.min.js` Segment's snippet loads (`SEGMENT_SCRIPT_FILE`), Node and Lambda. */
  segmentScriptFile?: string
  maxBodyBytes: number
  bodyTimeoutMs: number
  rateLimit?: { ratePerSecond: number; burst?: number }
  lingerMs: number
  sinkDeadlineMs: number
  maxInFlightBytes: number
  logLevel: LogLevel
}

/**
 * Validates the environment; throws `ConfigError` naming every bad variable (never its value).
 * `readFile` lets sources' `trackingPlan: "file:<path>"` be read (Node).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: Pick<PlanReaders, 'readFile'> = {},
): CollectorConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid environment: ${names.join('; ')}`)
  }
  const e = parsed.data
  let sources: SourcesConfig
  if (e.SOURCES) {
    sources = parseSources(e.SOURCES, e.CORS_ORIGINS, { env, ...options })
  } else if (e.KINESIS_STREAM) {
    throw new ConfigError('SOURCES is required when KINESIS_STREAM is set')
  } else {
    sources = { [DEV_WRITE_KEY]: { id: 'dev', allowedOrigins: '*' } }
  }
  if (e.SUPPRESSION && e.SUPPRESSION_FILE) {
    throw new ConfigError('SUPPRESSION and SUPPRESSION_FILE: set one')
  }
  let suppression: CollectorConfig['suppression']
  if (e.SUPPRESSION) {
    try {
      suppression = { list: parseSuppression(e.SUPPRESSION, 'SUPPRESSION') }
    } catch (error) {
      throw new ConfigError((error as Error).message)
    }
  } else if (e.SUPPRESSION_FILE) {
    suppression = { file: e.SUPPRESSION_FILE, ttlMs: e.SUPPRESSION_TTL_SECONDS * 1000 }
  }
  if (e.ORIGIN_VERIFY_HEADER && !e.ORIGIN_VERIFY_SECRET?.length) {
    throw new ConfigError('ORIGIN_VERIFY_SECRET is required with ORIGIN_VERIFY_HEADER')
  }
  return {
    port: e.PORT,
    host: e.HOST,
    ...(e.KINESIS_STREAM ? { kinesisStream: e.KINESIS_STREAM } : {}),
    ...(e.REJECTED_STREAM ? { rejectedStream: e.REJECTED_STREAM } : {}),
    region: e.AWS_REGION,
    ...(e.KINESIS_ENDPOINT ? { kinesisEndpoint: e.KINESIS_ENDPOINT } : {}),
    sources,
    devSource: !e.SOURCES,
    trustedProxies: e.TRUSTED_PROXIES,
    anonymiseIp: e.ANONYMIZE_IP,
    ...(e.ORIGIN_VERIFY_HEADER && e.ORIGIN_VERIFY_SECRET
      ? { originVerify: { header: e.ORIGIN_VERIFY_HEADER, values: e.ORIGIN_VERIFY_SECRET } }
      : {}),
    ...(e.VIEWER_ADDRESS_HEADER ? { viewerAddressHeader: e.VIEWER_ADDRESS_HEADER } : {}),
    ...(suppression ? { suppression } : {}),
    ...(e.PUBLIC_HOST ? { publicHost: e.PUBLIC_HOST } : {}),
    ...(e.SEGMENT_SCRIPT_FILE ? { segmentScriptFile: e.SEGMENT_SCRIPT_FILE } : {}),
    maxBodyBytes: e.MAX_BODY_BYTES,
    bodyTimeoutMs: e.BODY_TIMEOUT_MS,
    ...(e.RATE_LIMIT_RPS
      ? {
          rateLimit: {
            ratePerSecond: e.RATE_LIMIT_RPS,
            ...(e.RATE_LIMIT_BURST ? { burst: e.RATE_LIMIT_BURST } : {}),
          },
        }
      : {}),
    lingerMs: e.LINGER_MS,
    sinkDeadlineMs: e.SINK_DEADLINE_MS,
    maxInFlightBytes: e.MAX_IN_FLIGHT_BYTES,
    logLevel: e.LOG_LEVEL,
  }
}

/**
 * The `SOURCES` JSON as sources; `CORS_ORIGINS` (`'*'`, a list, or the variable's comma list) fills in the origins of sources
 * without their own; each `trackingPlan` is read (`readers` for `file:` and `env:`) and checked.
 * Throws `ConfigError` naming what is wrong, never a write key.
 */
export function parseSources(
  text: string,
  corsOrigins?: '*' | string[] | string | undefined,
  readers: PlanReaders = {},
): SourcesConfig {
  const fallback = typeof corsOrigins === 'string' ? origins.parse(corsOrigins) : corsOrigins
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ConfigError('SOURCES is not JSON: expected {"<writeKey>":{"id":"web"}}')
  }
  const checked = sourcesSchema.safeParse(json)
  if (!checked.success) {
    // Issues name the source by its position and id, never by its write key.
    const keys = Object.keys(isJsonObject(json) ? json : {})
    const where = (path: PropertyKey[]) => {
      const [key, ...rest] = path
      const index = keys.indexOf(String(key))
      const value = isJsonObject(json) ? json[String(key)] : undefined
      const id =
        isJsonObject(value) && typeof value.id === 'string' ? ` "${value.id.slice(0, 40)}"` : ''
      return `${index === -1 ? 'SOURCES' : `source ${index + 1}${id}`}${rest.length ? `: ${rest.join('.')}` : ''}`
    }
    const problems = checked.error.issues.map((i) => `${where(i.path)}: ${i.message}`)
    throw new ConfigError(
      `SOURCES must map write keys to {"id", "allowedOrigins"?, "privacy"?, "trackingPlan"?}: ${problems.slice(0, 10).join('; ')}`,
    )
  }
  return Object.fromEntries(
    Object.entries(checked.data).map(([key, s], i) => {
      const { trackingPlan, ...rest } = s
      const plan =
        trackingPlan === undefined
          ? undefined
          : resolveTrackingPlan(trackingPlan, { position: i + 1, id: s.id.slice(0, 40) }, readers)
      return [
        key,
        {
          ...rest,
          ...(fallback && fallback.length > 0
            ? { allowedOrigins: s.allowedOrigins ?? fallback }
            : {}),
          ...(plan ? { trackingPlan: plan } : {}),
        },
      ]
    }),
  )
}

/** The `createApp` options a config sets, for every runtime entry (sinks and runtime hooks aside). */
export function appOptionsOf(
  config: CollectorConfig,
): Pick<
  CollectorOptions,
  | 'sources'
  | 'trustedProxies'
  | 'anonymiseIp'
  | 'maxBodyBytes'
  | 'bodyTimeoutMs'
  | 'rateLimit'
  | 'originVerify'
  | 'viewerAddressHeader'
  | 'suppression'
  | 'publicHost'
> {
  const { originVerify } = config
  // A list inline (the edge's binding): built once. A file is the Node and Lambda entries' to read.
  const inline =
    config.suppression && 'list' in config.suppression ? config.suppression.list : undefined
  const check = inline ? createSuppression(inline) : undefined
  return {
    sources: config.sources,
    ...(originVerify
      ? { originVerify: { header: originVerify.header, values: () => originVerify.values } }
      : {}),
    ...(config.viewerAddressHeader ? { viewerAddressHeader: config.viewerAddressHeader } : {}),
    ...(check ? { suppression: () => check } : {}),
    ...(config.publicHost ? { publicHost: config.publicHost } : {}),
    trustedProxies: config.trustedProxies,
    anonymiseIp: config.anonymiseIp,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
  }
}
