import type { EnrichConfig } from '@clickstream/enrich'
import type { ResolvedSessionRules } from '../core/options.js'

/** Static AWS credentials (kinesalite and dynalite accept any). */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Where records that cannot be applied go. */
export type DeadLetterTarget =
  /**
   * Items of a DynamoDB table, usually the sessions table itself; `shards` and `concurrency` as
   * `createTableDeadLetter`'s (defaults 16 and 8).
   */
  | { kind: 'table'; tableName: string; shards?: number; concurrency?: number }
  /** JSON records of a Kinesis stream. */
  | { kind: 'kinesis'; streamName: string }

/** How the factory reaches AWS for the clients it makes (unused for clients given to it). */
export interface AwsConfig {
  region: string
  /** e.g. dynalite's `http://127.0.0.1:4568`; AWS's own endpoint when absent. */
  dynamodbEndpoint?: string
  /** e.g. kinesalite's `http://127.0.0.1:4567`; AWS's own endpoint when absent. */
  kinesisEndpoint?: string
  /** The SDK's default provider chain (the Lambda's role) when absent. */
  credentials?: AwsCredentials
}

/**
 * Everything `createSessionizer` needs, resolved: the Lambda's comes from `parseEnv(env)`, the
 * local pipeline builds its own.
 */
export interface SessionizerConfig {
  /** The sessions table. */
  tableName: string
  /** How events become sessions: `resolveSessionRules({ gapMs, maxSessionMs, ... })`. */
  rules: ResolvedSessionRules
  deadLetter: DeadLetterTarget
  aws: AwsConfig
  /**
   * The sessions' enrichment (`openEnricher(enrich)`): device, bot, geo, channel. Absent: the
   * defaults (the bundled country database). Opened by `createSessionizer`: a missing or corrupt
   * database is an `EnrichConfigError` then, naming the setting and the path.
   */
  enrich?: EnrichConfig
}
