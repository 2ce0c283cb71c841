/** Where an IP is, as far as the database knows. Unknown parts are absent. */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string
  region?: string
  city?: string
}

/**
 * The geo port: an IP's location. Adapters: memory (tests), mmdb (the bundled country database or
 * a user's own MaxMind file). Never throws on a malformed, private or unknown IP: `undefined`.
 */
export interface GeoLookup {
  lookup(ip: string): GeoLocation | undefined
}
