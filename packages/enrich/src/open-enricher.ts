import { createEnricher, type Enricher } from './enricher.js'
import { defaultGeoDatabasePath, openMmdbGeoLookup } from './geo/mmdb.js'
import { createIpRanges } from './ip/ip-address.js'

/** The enrichment's settings, resolved: the local flags, the Lambdas' environment, CDK context. */
export interface EnrichConfig {
  /**
   * An `.mmdb` file: a MaxMind GeoLite2/GeoIP2 City (or Country) database of your own. Absent:
   * the bundled DB-IP country database (CC BY 4.0). `false`: no geo lookup.
   */
  geoDatabase?: string | false
  /** CIDR ranges whose clients count as bots. */
  botIpRanges?: readonly string[]
  /** Store IPs anonymised, after the lookup. */
  anonymizeIp?: boolean
  /** How the caller spells each setting, for its errors. @default the environment's names */
  settings?: { geoDatabase?: string; botIpRanges?: string }
}

/** The variables `parseEnrichEnv` reads, for both Lambdas. */
export const ENRICH_ENV = {
  geoDatabase: 'ENRICH_GEO_DATABASE',
  botIpRanges: 'ENRICH_BOT_IP_RANGES',
  anonymizeIp: 'ENRICH_ANONYMIZE_IP',
} as const

/**
 * The enricher of a config: the one factory for every consumer (the local pipeline, the
 * sessionizer Lambda, the Firehose transformation). Opens the geo database now, so a missing or
 * corrupt file is an `EnrichConfigError` at start-up, naming the setting and the path.
 */
export function openEnricher(config: EnrichConfig = {}): Enricher {
  const settings = { ...ENRICH_ENV, ...config.settings }
  const path = config.geoDatabase === undefined ? defaultGeoDatabasePath() : config.geoDatabase
  return createEnricher({
    ...(path === false ? {} : { geo: openMmdbGeoLookup(path, settings.geoDatabase) }),
    ...(config.botIpRanges?.length
      ? { botIpRanges: createIpRanges(config.botIpRanges, settings.botIpRanges) }
      : {}),
    ...(config.anonymizeIp ? { anonymizeIp: true } : {}),
  })
}

/**
 * The config from an environment (`ENRICH_GEO_DATABASE`: a path, or `none`; `ENRICH_BOT_IP_RANGES`:
 * comma-separated CIDRs; `ENRICH_ANONYMIZE_IP`: `true`/`false`).
 */
export function parseEnrichEnv(env: Record<string, string | undefined>): EnrichConfig {
  const geo = env[ENRICH_ENV.geoDatabase]?.trim()
  const ranges = env[ENRICH_ENV.botIpRanges]
    ?.split(',')
    .map((range) => range.trim())
    .filter((range) => range.length > 0)
  return {
    ...(geo ? { geoDatabase: geo === 'none' ? false : geo } : {}),
    ...(ranges?.length ? { botIpRanges: ranges } : {}),
    ...(env[ENRICH_ENV.anonymizeIp] === 'true' ? { anonymizeIp: true } : {}),
  }
}
