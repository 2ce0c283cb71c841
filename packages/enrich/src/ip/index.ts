export { EnrichConfigError } from '../errors.js'
export type { IpRanges } from './ip-address.js'
export { anonymizeIp, createIpRanges, isIpRange, isPrivateIp, normalizeIp } from './ip-address.js'
