export { DEFAULT_CACHE_SIZE, memoize } from './cache.js'
export type { Enricher, EnricherOptions, EnrichInput, EnrichResult } from './enricher.js'
export { createEnricher } from './enricher.js'
export { EnrichConfigError } from './errors.js'
export type { GeoLocation, GeoLookup } from './geo/geo-lookup.js'
export type { MemoryGeoEntry } from './geo/memory.js'
export { createMemoryGeoLookup } from './geo/memory.js'
export { defaultGeoDatabasePath, openMmdbGeoLookup } from './geo/mmdb.js'
export type { IpRanges } from './ip/ip-address.js'
export {
  anonymizeIp,
  createIpRanges,
  isIpRange,
  isPrivateIp,
  normalizeIp,
} from './ip/ip-address.js'
export { enrichInputOf } from './message-input.js'
export type { EnrichConfig } from './open-enricher.js'
export { ENRICH_ENV, openEnricher, parseEnrichEnv } from './open-enricher.js'
export type { CampaignInput, Traffic, TrafficInput } from './traffic/classify-traffic.js'
export { classifyTraffic } from './traffic/classify-traffic.js'
export type { DeviceInfo } from './user-agent/parse-user-agent.js'
export {
  isBotUserAgent,
  MAX_USER_AGENT_LENGTH,
  parseUserAgent,
} from './user-agent/parse-user-agent.js'
