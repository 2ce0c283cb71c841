import { LOCAL_CREDENTIALS, LOCAL_REGION } from '@clickstream/local-aws'
import {
  createSessionizer,
  resolveSessionRules,
  type SessionizerConfig,
} from '@clickstream/sessionizer-lambda'
import { type LocalConfig, localEnrichConfig } from './config.js'
import { createFileCheckpoints, createMemoryCheckpoints } from './poller/checkpoints.js'
import { createPoller, type Poller } from './poller/poller.js'
import type { LocalAwsClients, LocalEndpoints } from './services/aws-clients.js'

/**
 * The sessionizer's config from the local one: its session rules, dead letters in the sessions
 * table, the pipeline's enrichment config (the lake's delivery stream uses the same).
 */
export function localSessionizerConfig(
  config: LocalConfig,
  endpoints: LocalEndpoints,
): SessionizerConfig {
  return {
    tableName: config.table,
    rules: resolveSessionRules({ gapMs: config.gapMs, maxSessionMs: config.maxSessionMs }),
    deadLetter: { kind: 'table', tableName: config.table },
    enrich: localEnrichConfig(config),
    aws: {
      region: LOCAL_REGION,
      dynamodbEndpoint: endpoints.dynamodb,
      kinesisEndpoint: endpoints.kinesis,
      credentials: LOCAL_CREDENTIALS,
    },
  }
}

export interface SessionizerPollerOptions {
  /** Stream, table, session rules and batching. */
  config: LocalConfig
  /** kinesalite's and dynalite's clients, shared with the rest of the pipeline. */
  clients: Pick<LocalAwsClients, 'endpoints' | 'kinesis' | 'dynamodb'>
  /** Where checkpoints persist; in memory when absent. */
  checkpointFile?: string
  onError?: (error: unknown, shardId: string) => void
}

/**
 * The sessionizer the Lambda runs (`createSessionizer`, the same factory) behind a poller that
 * behaves like the Kinesis event source mapping: what `pnpm start` runs, and what the chaos test
 * runs in a process of its own so it can kill it.
 */
export function createSessionizerPoller(o: SessionizerPollerOptions): Poller {
  const { handler } = createSessionizer(localSessionizerConfig(o.config, o.clients.endpoints), {
    dynamodb: o.clients.dynamodb,
    kinesis: o.clients.kinesis,
  })
  return createPoller({
    kinesis: o.clients.kinesis,
    streamName: o.config.eventsStream,
    handler,
    checkpoints: o.checkpointFile
      ? createFileCheckpoints(o.checkpointFile)
      : createMemoryCheckpoints(),
    batchSize: o.config.batchSize,
    batchingWindowMs: o.config.batchingWindowMs,
    region: LOCAL_REGION,
    ...(o.onError ? { onError: o.onError } : {}),
  })
}

/** What `sessionizer-process.ts` takes as its JSON argument. */
export interface SessionizerProcessOptions {
  config: LocalConfig
  endpoints: LocalEndpoints
  checkpointFile?: string
}
