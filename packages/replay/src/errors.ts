/** Machine-readable reasons a replay refuses or stops. */
export type ReplayErrorCode =
  | 'invalid_argument'
  | 'invalid_range'
  | 'unknown_source'
  | 'nothing_to_replay'
  | 'table_exists'
  | 'source_unreadable'
  | 'batch_failed'

/** Every error of a replay: a code and a message that names the flag, file or table. */
export class ReplayError extends Error {
  override name = 'ReplayError'
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** A flag that is unknown, lacks its value or has a bad one. */
export class ReplayArgumentError extends ReplayError {
  override name = 'ReplayArgumentError'
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_argument', message, options)
  }
}

/** `--from`/`--to` that are no time, or a range that ends before it starts. */
export class InvalidRangeError extends ReplayError {
  override name = 'InvalidRangeError'
  constructor(message: string) {
    super('invalid_range', message)
  }
}

/** `--source` names no source this replay knows. */
export class UnknownSourceError extends ReplayError {
  override name = 'UnknownSourceError'
  constructor(source: string, known: readonly string[]) {
    super(
      'unknown_source',
      `unknown source ${JSON.stringify(source)} (one of: ${known.join(', ')})`,
    )
  }
}

/** The range holds no event of the source: no table is created. */
export class NothingToReplayError extends ReplayError {
  override name = 'NothingToReplayError'
  constructor(source: string, from: string, to: string) {
    super('nothing_to_replay', `nothing to replay between ${from} and ${to} in ${source}`)
  }
}

/** The fresh target table exists already: replaying into it needs `--table`. */
export class TableExistsError extends ReplayError {
  override name = 'TableExistsError'
  constructor(table: string) {
    super(
      'table_exists',
      `table ${table} exists: pass --table ${table} to replay into it (idempotent: what it holds from an earlier replay of the same source is skipped), or name a new one with --new-table`,
    )
  }
}

/** A source file or object that cannot be read (corrupt Parquet, truncated gzip, S3 refused). */
export class SourceUnreadableError extends ReplayError {
  override name = 'SourceUnreadableError'
  constructor(what: string, detail: string, options?: ErrorOptions) {
    super('source_unreadable', `cannot read ${what}: ${detail}`, options)
  }
}

/** The sessionizer kept handing records back (DynamoDB throttling, conflicts) past the attempts. */
export class ReplayBatchError extends ReplayError {
  override name = 'ReplayBatchError'
  constructor(attempts: number, table: string) {
    super(
      'batch_failed',
      `the sessionizer handed records back ${attempts} times in a row writing ${table}; run the same replay again with --table ${table}: it resumes (applied records are skipped)`,
    )
  }
}
