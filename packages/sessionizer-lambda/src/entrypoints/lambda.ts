import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics } from '@aws-lambda-powertools/metrics'
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda'
import type { SessionizerHandler } from '../handler/create-handler.js'
import type { LoggerLike } from '../handler/ports.js'
import { createSessionizer } from '../sessionizer/create-sessionizer.js'
import { parseEnv } from './config.js'

/**
 * The Lambda's handler from an environment (see the README's table): `createSessionizer` on
 * `parseEnv(env)`, with Powertools' logger and EMF metrics.
 */
export function handlerFromEnv(env: Record<string, string | undefined>): SessionizerHandler {
  const config = parseEnv(env)
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? 'sessionizer'
  return createSessionizer(config, {
    logger: powertoolsLogger(new Logger({ serviceName })),
    metrics: new Metrics({
      serviceName,
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'clickstream',
    }),
  }).handler
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
export { parseEnv } from './config.js'
