import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics } from '@aws-lambda-powertools/metrics'
import { createLakeTransformHandler, type LakeTransformHandler } from '../lake/transform-handler.js'

let built: LakeTransformHandler | undefined

/**
 * The lake's Firehose transformation Lambda: `createLakeTransformHandler` with Powertools' logger
 * (structured JSON) and EMF metrics, built from `process.env` on the first invocation.
 */
export const handler: LakeTransformHandler = (event) => {
  if (!built) {
    const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'lake-transform'
    const logger = new Logger({ serviceName })
    built = createLakeTransformHandler({
      logger: { warn: (message, extra) => logger.warn({ message, ...extra }) },
      metrics: new Metrics({
        serviceName,
        namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'clickstream',
      }),
    })
  }
  return built(event)
}
