/** Machine-readable reasons a replay refuses or stops. */
export type ReplayErrorCode =
  | 'invalid_argument'
  | 'invalid_range'
  | 'unknown_source'
  | 'nothing_to_replay'
  | 'table_exists'
  | 'source_unreadable'
  | 'batch_failed'
  | 'invalid_dlq_message'
  | 'records_expired'

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

/** A dead-letter-queue message that is not the Lambda's on-failure record of a Kinesis batch. */
export class InvalidDlqMessageError extends ReplayError {
  override name = 'InvalidDlqMessageError'
  constructor(where: string, detail: string, options?: ErrorOptions) {
    super('invalid_dlq_message', `${where} is no Kinesis on-failure record: ${detail}`, options)
  }
}

/**
 * The batch a dead-letter message points at is no longer (wholly) in the stream: older than its
 * retention. The archive keeps every record: the message says how to replay the batch from it.
 */
export class RecordsExpiredError extends ReplayError {
  override name = 'RecordsExpiredError'
  constructor(what: string, archive: { from: string; to: string }, options?: ErrorOptions) {
    super(
      'records_expired',
      `${what} expired from the stream (older than its retention): replay them from the archive instead: pnpm replay --source archive --from ${archive.from} --to ${archive.to} --table <the sessions table> (idempotent: what the table has is skipped)`,
      options,
    )
  }
}
