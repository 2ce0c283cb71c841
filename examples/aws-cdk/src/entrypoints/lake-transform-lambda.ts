import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics } from '@aws-lambda-powertools/metrics'
import { openEnricher, parseEnrichEnv } from '@clickstream/enrich'
import { createLakeTransformHandler, type LakeTransformHandler } from '../lake/transform-handler.js'

let built: LakeTransformHandler | undefined

/**
 * The lake's Firehose transformation Lambda: `createLakeTransformHandler` with Powertools' logger
 * (structured JSON), EMF metrics and the enricher of `ENRICH_GEO_DATABASE` (the stack puts the
 * database in the asset) and `ENRICH_BOT_IP_RANGES`, built from `process.env` on the first
 * invocation, once per container.
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
      enricher: openEnricher(parseEnrichEnv(process.env)),
    })
  }
  return built(event)
}
