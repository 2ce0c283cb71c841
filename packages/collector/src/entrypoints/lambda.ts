import { getConnInfo, handle } from 'hono/aws-lambda'
import { createCollectorFromConfig } from '../config/collector.js'
import { loadConfig } from '../config/env.js'
import { createJsonLogger } from '../logger.js'
import type { CollectorOptions } from '../options.js'

type LambdaHandler = ReturnType<typeof handle>

/** What a Lambda entry that reads its secrets itself supplies instead of the environment's. */
export type LambdaRuntime = Partial<
  Pick<CollectorOptions, 'sources' | 'originVerify' | 'suppression'>
>

/**
 * A Lambda handler for Function URL and API Gateway (REST v1, HTTP v2) events. Config from the
 * environment, as for Node; `runtime` may supply the sources and the origin secret as providers
 * (re-read while the environment lives). Sinks live as long as the execution environment.
 */
export function createLambdaHandler(
  env: Record<string, string | undefined> = process.env,
  runtime: LambdaRuntime = {},
): LambdaHandler {
  // One request per invocation: nothing to coalesce with, so no linger unless asked for.
  // Sources from the runtime: the environment's SOURCES is not required.
  const config = loadConfig({
    LINGER_MS: '0',
    ...env,
    ...(runtime.sources && !env.SOURCES ? { SOURCES: '{}' } : {}),
  })
  const logger = createJsonLogger({ level: config.logLevel })
  const { app } = createCollectorFromConfig(config, logger, {
    connectionIp: (c) => getConnInfo(c).remote.address,
    ...(runtime.sources ? { sources: runtime.sources } : {}),
    ...(runtime.originVerify ? { originVerify: runtime.originVerify } : {}),
    ...(runtime.suppression ? { suppression: runtime.suppression } : {}),
  })
  return handle(app)
}

let instance: LambdaHandler | undefined

/** The Lambda entry: built on the first invocation, not at module load. */
export const handler: LambdaHandler = (event, context) => {
  instance ??= createLambdaHandler()
  return instance(event, context)
}
