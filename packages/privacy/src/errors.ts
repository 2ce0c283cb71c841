/** A suppression list that cannot be used (not JSON, a bad entry, too many entries); names where. */
export class SuppressionError extends Error {
  override readonly name = 'SuppressionError'
}

/** DynamoDB left writes of a batch unprocessed through every retry (throttling that does not ease). */
export class UnprocessedWritesError extends Error {
  override readonly name = 'UnprocessedWritesError'
  constructor(
    readonly table: string,
    readonly unprocessed: number,
  ) {
    super(`${unprocessed} writes to ${table} still unprocessed after every retry`)
  }
}
