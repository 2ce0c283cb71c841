/** A suppression list that cannot be used (not JSON, a bad entry, too many entries); names where. */
export class SuppressionError extends Error {
  override readonly name = 'SuppressionError'
}
