import { ENRICH_ENV, parseEnrichEnv } from '@clickstream/enrich'
import { z } from 'zod'
import { resolveSessionRules } from '../core/options.js'
import { TABLE_DEAD_LETTER_LIMITS } from '../dead-letter/dynamodb-table.js'
import { ConfigError } from '../errors.js'
import type { SessionizerConfig } from '../sessionizer/config.js'

const ms = z.coerce.number().int().positive().optional()
const within = ({ min, max }: { min: number; max: number }) =>
  z.coerce.number().int().min(min).max(max).optional()
/** The settings of the `table` dead letter only. */
const TABLE_ONLY = ['DEAD_LETTER_SHARDS', 'DEAD_LETTER_CONCURRENCY'] as const

/** The Lambda's environment (README: Environment). Unset rules take `resolveSessionRules`' defaults. */
export const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  SESSION_GAP_MS: ms,
  MAX_SESSION_MS: ms,
  LATE_HORIZON_MS: ms,
  SESSION_TTL_MS: ms,
  DEAD_LETTER_KIND: z.enum(['table', 'kinesis']).default('table'),
  /** Table name or stream name; the sessions table when unset and the kind is `table`. */
  DEAD_LETTER_TARGET: z.string().min(1).optional(),
  /** Partitions per day of the `table` dead letter. */
  DEAD_LETTER_SHARDS: within(TABLE_DEAD_LETTER_LIMITS.shards),
  /** Writes (and queries) of the `table` dead letter in flight at once. */
  DEAD_LETTER_CONCURRENCY: within(TABLE_DEAD_LETTER_LIMITS.concurrency),
  DYNAMODB_ENDPOINT: z.url().optional(),
  KINESIS_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** An `.mmdb` file (a MaxMind GeoLite2/GeoIP2 City or Country database), or `none`. */
  [ENRICH_ENV.geoDatabase]: z.string().min(1).optional(),
  /** Comma-separated CIDR ranges whose clients count as bots. */
  [ENRICH_ENV.botIpRanges]: z.string().optional(),
  [ENRICH_ENV.anonymizeIp]: z.enum(['true', 'false']).optional(),
})

/**
 * The sessionizer's config from an environment; throws one `ConfigError` naming every bad
 * variable. Credentials are never read here: the clients use the SDK's default chain. The geo
 * database and the IP ranges are opened by `createSessionizer` (an `EnrichConfigError` naming
 * the variable and the path).
 */
export function parseEnv(env: Record<string, string | undefined>): SessionizerConfig {
  const parsed = envSchema.safeParse(env)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        setting: issue.path.join('.'),
        message: issue.message,
      }))
  if (env.DEAD_LETTER_KIND === 'kinesis' && env.DEAD_LETTER_TARGET === undefined) {
    problems.push({
      setting: 'DEAD_LETTER_TARGET',
      message: 'a stream name is required when DEAD_LETTER_KIND=kinesis',
    })
  }
  if (env.DEAD_LETTER_KIND === 'kinesis') {
    for (const setting of TABLE_ONLY) {
      if (env[setting] !== undefined) {
        problems.push({ setting, message: 'applies to DEAD_LETTER_KIND=table only' })
      }
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return {
    tableName: e.TABLE_NAME,
    rules: resolveSessionRules({
      gapMs: e.SESSION_GAP_MS,
      maxSessionMs: e.MAX_SESSION_MS,
      lateHorizonMs: e.LATE_HORIZON_MS,
      ttlMs: e.SESSION_TTL_MS,
    }),
    deadLetter:
      e.DEAD_LETTER_KIND === 'kinesis'
        ? { kind: 'kinesis', streamName: e.DEAD_LETTER_TARGET as string }
        : {
            kind: 'table',
            tableName: e.DEAD_LETTER_TARGET ?? e.TABLE_NAME,
            shards: e.DEAD_LETTER_SHARDS,
            concurrency: e.DEAD_LETTER_CONCURRENCY,
          },
    aws: {
      region: e.AWS_REGION,
      ...(e.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: e.DYNAMODB_ENDPOINT } : {}),
      ...(e.KINESIS_ENDPOINT ? { kinesisEndpoint: e.KINESIS_ENDPOINT } : {}),
    },
    enrich: parseEnrichEnv(env),
  }
}
