import { z } from 'zod'
import { ConfigError } from '../errors.js'

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** The Lambda's environment. */
export const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  SESSION_GAP_MS: ms(30 * 60_000),
  MAX_SESSION_MS: ms(24 * 3_600_000),
  LATE_HORIZON_MS: ms(48 * 3_600_000),
  SESSION_TTL_MS: z.coerce.number().int().positive().optional(),
  DEAD_LETTER_KIND: z.enum(['table', 'kinesis']).default('table'),
  /** Table name or stream name; the sessions table when unset and the kind is `table`. */
  DEAD_LETTER_TARGET: z.string().min(1).optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  KINESIS_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
})
export type SessionizerEnv = z.infer<typeof envSchema>

/** Parses the environment; throws `ConfigError` naming every bad setting. */
export function parseEnv(env: Record<string, string | undefined>): SessionizerEnv {
  const parsed = envSchema.safeParse(env)
  if (parsed.success) {
    if (parsed.data.DEAD_LETTER_KIND === 'kinesis' && !parsed.data.DEAD_LETTER_TARGET) {
      throw new ConfigError(
        'DEAD_LETTER_TARGET (a stream name) is required when DEAD_LETTER_KIND=kinesis',
      )
    }
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  throw new ConfigError(`invalid sessionizer environment: ${problems.join('; ')}`)
}
