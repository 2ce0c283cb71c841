import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { openEnricher } from '@clickstream/enrich'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { DeadLetter } from '../dead-letter/dead-letter.js'
import { createTableDeadLetter } from '../dead-letter/dynamodb-table.js'
import { createKinesisDeadLetter } from '../dead-letter/kinesis.js'
import { createHandler, type SessionizerHandler } from '../handler/create-handler.js'
import type { LoggerLike, MetricsLike } from '../handler/ports.js'
import { createDynamoDbSessionStore } from '../session-store/dynamodb.js'
import type { SessionStore } from '../session-store/session-store.js'
import type { AwsConfig, SessionizerConfig } from './config.js'

/** What the sessionizer may be given instead of making it. */
export interface SessionizerDeps {
  /** @default a client made from `config.aws` */
  dynamodb?: DynamoDBClient
  /** Used by the `kinesis` dead letter only. @default a client made from `config.aws` */
  kinesis?: KinesisClient
  /** @default a silent logger */
  logger?: LoggerLike
  /** @default no metrics */
  metrics?: MetricsLike
  /** @default Date.now */
  clock?: () => number
}

export interface Sessionizer {
  /** The Lambda handler (`ReportBatchItemFailures`). */
  handler: SessionizerHandler
  store: SessionStore
  deadLetter: DeadLetter
  /** Destroys the clients the factory made; clients it was given are the caller's. */
  close(): void
}

/**
 * The sessionizer from a resolved config: the DynamoDB session store, the configured dead letter
 * and the handler over them. The Lambda entry and the local pipeline both build it here.
 */
export function createSessionizer(
  config: SessionizerConfig,
  deps: SessionizerDeps = {},
): Sessionizer {
  // First: a bad enrichment setting fails before any client is made.
  const enricher = openEnricher(config.enrich ?? {})
  const made: { destroy(): void }[] = []
  const own = <T extends { destroy(): void }>(client: T): T => {
    made.push(client)
    return client
  }
  const dynamodb = deps.dynamodb ?? own(new DynamoDBClient(clientConfig(config.aws, 'dynamodb')))
  const target = config.deadLetter
  const deadLetter =
    target.kind === 'kinesis'
      ? createKinesisDeadLetter({
          client:
            deps.kinesis ??
            // HTTP/1.1, not the Kinesis client's default HTTP/2 (kinesalite speaks only 1.1;
            // PutRecords needs nothing of HTTP/2), as the collector's Kinesis sink does.
            own(
              new KinesisClient({
                ...clientConfig(config.aws, 'kinesis'),
                requestHandler: new NodeHttpHandler(),
              }),
            ),
          streamName: target.streamName,
        })
      : createTableDeadLetter({
          client: dynamodb,
          tableName: target.tableName,
          shards: target.shards,
          concurrency: target.concurrency,
        })
  const clock = deps.clock ? { clock: deps.clock } : {}
  const store = createDynamoDbSessionStore({
    client: dynamodb,
    tableName: config.tableName,
    ...clock,
  })
  const handler = createHandler({
    ...config.rules,
    store,
    deadLetter,
    enricher,
    ...clock,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  })
  return {
    handler,
    store,
    deadLetter,
    close() {
      for (const client of made.splice(0)) client.destroy()
    },
  }
}

function clientConfig(aws: AwsConfig, service: 'dynamodb' | 'kinesis') {
  const endpoint = service === 'dynamodb' ? aws.dynamodbEndpoint : aws.kinesisEndpoint
  return {
    region: aws.region,
    ...(endpoint ? { endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  }
}
