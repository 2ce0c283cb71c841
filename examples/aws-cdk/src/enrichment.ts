import { basename, resolve } from 'node:path'
import {
  defaultGeoDatabasePath,
  ENRICH_ENV,
  EnrichConfigError,
  openEnricher,
} from '@clickstream/enrich'
import type { ResolvedClickstreamConfig } from './config.js'
import { ContextError } from './errors.js'

/** Where the Lambda runtime puts a function's code (`LAMBDA_TASK_ROOT`). */
const TASK_ROOT = '/var/task'

/** What each function that enriches (the sessionizer, the lake's transformation) carries. */
export interface LambdaEnrichment {
  /** Copied into the asset: the geo database, under `geo/`. */
  files: Record<string, string>
  /** `ENRICH_GEO_DATABASE` (its path in the function, or `none`) and `ENRICH_BOT_IP_RANGES`. */
  environment: Record<string, string>
}

/**
 * The enrichment of both Lambdas from the stack's config: the geo database (`geoDatabase`, a
 * local path; the bundled DB-IP country database by default) goes into each asset and
 * `ENRICH_GEO_DATABASE` points at it. Opened here, at synth, with the enricher's own checks: a
 * missing, unreadable or corrupt file (or a malformed `botIpRanges` range) is a `ContextError`
 * naming the context key and the value, before anything is deployed.
 */
export function lambdaEnrichment(config: ResolvedClickstreamConfig): LambdaEnrichment {
  const ranges = config.botIpRanges
  const path = config.geoDatabase === 'none' ? '' : config.geoDatabase || defaultGeoDatabasePath()
  // No path: `none`, or a build of the package without its bundled database.
  const geo = path ? resolve(path) : false
  try {
    openEnricher({
      geoDatabase: geo,
      botIpRanges: ranges,
      settings: { geoDatabase: 'geoDatabase', botIpRanges: 'botIpRanges' },
    })
  } catch (error) {
    if (error instanceof EnrichConfigError)
      throw new ContextError(`invalid context: ${error.message}`, { cause: error })
    throw error
  }
  const inAsset = geo === false ? undefined : `geo/${basename(geo)}`
  return {
    files: geo !== false && inAsset ? { [inAsset]: geo } : {},
    environment: {
      [ENRICH_ENV.geoDatabase]: inAsset ? `${TASK_ROOT}/${inAsset}` : 'none',
      ...(ranges.length > 0 ? { [ENRICH_ENV.botIpRanges]: ranges.join(',') } : {}),
    },
  }
}
