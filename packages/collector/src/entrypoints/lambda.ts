import { getConnInfo, handle } from 'hono/aws-lambda'
import { createCollectorFromConfig } from '../config/collector.js'
import { loadConfig } from '../config/env.js'
import { createJsonLogger } from '../logger.js'

type LambdaHandler = ReturnType<typeof handle>

/**
 * A Lambda handler for Function URL and API Gateway (REST v1, HTTP v2) events. Config from the
 * environment, as for Node. Sinks live as long as the execution environment.
 */
export function createLambdaHandler(
  env: Record<string, string | undefined> = process.env,
): LambdaHandler {
  // One request per invocation: nothing to coalesce with, so no linger unless asked for.
  const config = loadConfig({ LINGER_MS: '0', ...env })
  const logger = createJsonLogger({ level: config.logLevel })
  const { app } = createCollectorFromConfig(config, logger, {
    connectionIp: (c) => getConnInfo(c).remote.address,
  })
  return handle(app)
}

let instance: LambdaHandler | undefined

/** The Lambda entry: built on the first invocation, not at module load. */
export const handler: LambdaHandler = (event, context) => {
  instance ??= createLambdaHandler()
  return instance(event, context)
}
