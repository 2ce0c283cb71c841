import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics } from '@aws-lambda-powertools/metrics'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda'
import type { DeadLetter } from '../dead-letter/dead-letter.js'
import { createTableDeadLetter } from '../dead-letter/dynamodb-table.js'
import { createKinesisDeadLetter } from '../dead-letter/kinesis.js'
import { createHandler, type SessionizerHandler } from '../handler/create-handler.js'
import type { LoggerLike } from '../handler/ports.js'
import { createDynamoDbSessionStore } from '../session-store/dynamodb.js'
import { parseEnv } from './config.js'

/** Builds the handler from an environment (see the README's table). */
export function handlerFromEnv(env: Record<string, string | undefined>): SessionizerHandler {
  const config = parseEnv(env)
  const region = config.AWS_REGION
  const dynamo = new DynamoDBClient({
    region,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  })
  let deadLetter: DeadLetter
  if (config.DEAD_LETTER_KIND === 'kinesis') {
    const kinesis = new KinesisClient({
      region,
      ...(config.KINESIS_ENDPOINT ? { endpoint: config.KINESIS_ENDPOINT } : {}),
    })
    deadLetter = createKinesisDeadLetter({
      client: kinesis,
      streamName: config.DEAD_LETTER_TARGET as string,
    })
  } else {
    deadLetter = createTableDeadLetter({
      client: dynamo,
      tableName: config.DEAD_LETTER_TARGET ?? config.TABLE_NAME,
    })
  }
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? 'sessionizer'
  return createHandler({
    store: createDynamoDbSessionStore({ client: dynamo, tableName: config.TABLE_NAME }),
    deadLetter,
    logger: powertoolsLogger(new Logger({ serviceName })),
    metrics: new Metrics({
      serviceName,
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'clickstream',
    }),
    gapMs: config.SESSION_GAP_MS,
    maxSessionMs: config.MAX_SESSION_MS,
    lateHorizonMs: config.LATE_HORIZON_MS,
    ttlMs: config.SESSION_TTL_MS,
  })
}

/** Structured JSON logs through Powertools' logger (the extra fields become top-level keys). */
function powertoolsLogger(logger: Logger): LoggerLike {
  return {
    info: (message, extra) => logger.info({ message, ...extra }),
    warn: (message, extra) => logger.warn({ message, ...extra }),
    error: (message, extra) => logger.error({ message, ...extra }),
  }
}

let built: SessionizerHandler | undefined

/** The Lambda entry: built from `process.env` on the first invocation, then reused. */
export const handler = (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  built ??= handlerFromEnv(process.env)
  return built(event)
}
export { envSchema, parseEnv, type SessionizerEnv } from './config.js'
