/**
 * A setting of the enrichment that cannot be used: a missing or corrupt geo database, a malformed
 * bot IP range. Thrown at start-up, never per event; names the setting as the caller spells it
 * (`--geo-database`, `ENRICH_GEO_DATABASE`, `geoDatabase`) and the value.
 */
export class EnrichConfigError extends Error {
  override readonly name = 'EnrichConfigError'
  constructor(
    /** The setting as the caller spells it. */
    readonly setting: string,
    /** The value (a path, a range) that cannot be used. */
    readonly value: string,
    reason: string,
  ) {
    super(`${setting}: ${reason} (${value})`)
  }
}
