import { z } from 'zod'
import type { ClickstreamConfig } from './config.js'
import { ContextError } from './errors.js'

const list = z.union([
  z.array(z.string()),
  z.string().transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ),
])
const int = z.coerce.number().int()
const bool = z.union([z.boolean(), z.stringbool()])

/** CDK context keys (`-c key=value` or `cdk.json`), each parsed from a string or a JSON value. */
export const contextSchema = z
  .object({
    streamMode: z.enum(['on-demand', 'provisioned']),
    shardCount: int.positive(),
    retentionHours: int.positive(),
    corsOrigins: list,
    cdn: bool,
    domainName: z.string().min(1),
    certificateArn: z.string().startsWith('arn:'),
    waf: bool,
    webAclArn: z.string().startsWith('arn:'),
    wafRateLimit: int.min(10),
    sourcesTtlSeconds: int.positive(),
    sourcesKmsKeyArn: z.string().startsWith('arn:'),
    anonymizeIp: bool,
    sourcesParameter: z.string().startsWith('/'),
    sourcesSecret: z.string().min(1),
    collectorReservedConcurrency: int.min(-1),
    collectorPeakRequestsPerSecond: int.positive(),
    tracing: bool,
    collectorMemoryMb: int.positive(),
    sessionizerMemoryMb: int.positive(),
    batchSize: int.positive(),
    batchingWindowSeconds: int.nonnegative(),
    bisectOnError: bool,
    retryAttempts: int.min(-1),
    maxRecordAgeHours: int.min(-1),
    parallelizationFactor: int.positive(),
    sessionGapMs: int.positive(),
    maxSessionMs: int.positive(),
    sessionTtlDays: int.min(-1),
    archive: bool,
    archiveBufferSeconds: int.nonnegative(),
    archiveBufferMb: int.positive(),
    archiveInfrequentAccessDays: int.positive(),
    archiveGlacierDays: int.positive(),
    archiveExpireDays: int.min(-1),
    archiveNoncurrentDays: int.positive(),
    lake: bool,
    lakeBufferSeconds: int.positive(),
    lakeBufferMb: int.positive(),
    lakeTransformMemoryMb: int.positive(),
    athenaScanCutoffMb: int.positive(),
    alarmEmail: z.email(),
    iteratorAgeAlarmSeconds: int.positive(),
    noEventsAlarmMinutes: int.min(-1),
    destroyData: bool,
    runtime: z.enum(['nodejs20.x', 'nodejs22.x', 'nodejs24.x']),
    geoDatabase: z.string().min(1),
    botIpRanges: list,
  })
  .partial()

export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof ClickstreamConfig)[]

/** Reads the stack's settings from CDK context; throws naming every bad key. */
export function configFromContext(tryGetContext: (key: string) => unknown): ClickstreamConfig {
  const raw: Record<string, unknown> = {}
  for (const key of CONTEXT_KEYS) {
    const value = tryGetContext(key)
    if (value !== undefined && value !== '') raw[key] = value
  }
  const parsed = contextSchema.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ContextError(`invalid context: ${problems.join('; ')}`)
  }
  return parsed.data as ClickstreamConfig
}
