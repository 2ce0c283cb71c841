import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import {
  createDynamoDbSessionStore,
  createHandler,
  createTableDeadLetter,
} from '@clickstream/sessionizer-lambda'
import { createFileCheckpoints, createMemoryCheckpoints } from './poller/checkpoints.js'
import { createPoller, type Poller } from './poller/poller.js'

export interface SessionizerPollerOptions {
  kinesis: KinesisClient
  dynamodb: DynamoDBClient
  stream: string
  table: string
  /** Where checkpoints persist; in memory when absent. */
  checkpointFile?: string
  gapMs: number
  maxSessionMs: number
  batchSize: number
  batchingWindowMs: number
  onError?: (error: unknown, shardId: string) => void
}

/**
 * The sessionizer's Lambda handler (DynamoDB store, dead letters in the table) behind a poller that
 * behaves like the Kinesis event source mapping: what `pnpm start` runs, and what the chaos test
 * runs in a process of its own so it can kill it.
 */
export function createSessionizerPoller(o: SessionizerPollerOptions): Poller {
  const handler = createHandler({
    store: createDynamoDbSessionStore({ client: o.dynamodb, tableName: o.table }),
    deadLetter: createTableDeadLetter({ client: o.dynamodb, tableName: o.table }),
    gapMs: o.gapMs,
    maxSessionMs: o.maxSessionMs,
  })
  return createPoller({
    kinesis: o.kinesis,
    streamName: o.stream,
    handler,
    checkpoints: o.checkpointFile
      ? createFileCheckpoints(o.checkpointFile)
      : createMemoryCheckpoints(),
    batchSize: o.batchSize,
    batchingWindowMs: o.batchingWindowMs,
    region: 'local',
    ...(o.onError ? { onError: o.onError } : {}),
  })
}
