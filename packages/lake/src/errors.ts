/**
 * Errors of the lake's SQL layer. Each has a machine-readable `code`; the CLI prints the message
 * (never a stack) and exits with the code's status (`EXIT_CODES`).
 */
export type LakeErrorCode =
  | 'no_lake'
  | 'corrupt_file'
  | 'query_failed'
  | 'full_scan'
  | 'unknown_query'
  | 'invalid_option'
  | 'sessions_table'

/** The CLI's exit status for each error code (1 is an unexpected failure). */
export const EXIT_CODES: Record<LakeErrorCode, number> = {
  invalid_option: 2,
  unknown_query: 2,
  no_lake: 3,
  corrupt_file: 4,
  query_failed: 5,
  full_scan: 6,
  sessions_table: 7,
}

abstract class LakeSqlError extends Error {
  abstract readonly code: LakeErrorCode
}

/** The lake directory has no `events/` folder yet: nothing was ever delivered to it. */
export class NoLakeError extends LakeSqlError {
  readonly code = 'no_lake'
  constructor(readonly lake: string) {
    super(
      `no lake at ${lake} (no events/ folder): start the local pipeline (pnpm start) and send events, or point --lake / CLICKSTREAM_LAKE_DIR at a lake`,
    )
    this.name = 'NoLakeError'
  }
}

/** A Parquet file of the lake that DuckDB cannot read (truncated, not Parquet, bad footer). */
export class CorruptParquetError extends LakeSqlError {
  readonly code = 'corrupt_file'
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`cannot read lake file ${file}: ${detail} (move it out of the lake, or replay it)`)
    this.name = 'CorruptParquetError'
  }
}

/** DuckDB refused the query (syntax, unknown column, type): its message, with the position. */
export class QueryError extends LakeSqlError {
  readonly code = 'query_failed'
  constructor(
    message: string,
    /** Character offset in the query, when DuckDB gives one. */
    readonly position?: number,
  ) {
    super(message)
    this.name = 'QueryError'
  }
}

/** The scan guard: a query that would read the whole lake, refused without `--full-scan`. */
export class FullScanError extends LakeSqlError {
  readonly code = 'full_scan'
  constructor(
    readonly views: readonly string[],
    readonly files: number,
    readonly limit: number,
  ) {
    super(
      `refused: this query reads ${views.join(', ')} without an event_date restriction, and the lake holds ${files} files (more than ${limit}); add e.g. WHERE event_date >= '2026-01-01', or pass --full-scan`,
    )
    this.name = 'FullScanError'
  }
}

/** `--query <name>` names no named query. */
export class UnknownQueryError extends LakeSqlError {
  readonly code = 'unknown_query'
  constructor(
    readonly query: string,
    readonly known: readonly string[],
  ) {
    super(`no named query "${query}"; the named queries are: ${known.join(', ')}`)
    this.name = 'UnknownQueryError'
  }
}

/** A flag or option with a value it cannot take. */
export class InvalidOptionError extends LakeSqlError {
  readonly code = 'invalid_option'
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`)
    this.name = 'InvalidOptionError'
  }
}

/** `--reconcile` could not read the sessionizer's table (no DynamoDB there, no such table). */
export class SessionsTableError extends LakeSqlError {
  readonly code = 'sessions_table'
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'SessionsTableError'
  }
}

export type LakeError =
  | NoLakeError
  | CorruptParquetError
  | QueryError
  | FullScanError
  | UnknownQueryError
  | InvalidOptionError
  | SessionsTableError

export function isLakeError(error: unknown): error is LakeError {
  return error instanceof LakeSqlError
}

/** Why a Parquet file could not be written: `parquet_write_failed`, the file named. */
export class ParquetWriteError extends Error {
  override readonly name = 'ParquetWriteError'
  readonly code = 'parquet_write_failed'
  constructor(
    /** The file that was to be written; nothing is left under its name or a temporary one. */
    readonly file: string,
    options?: ErrorOptions,
  ) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(`could not write Parquet file ${file}${cause}`, options)
  }
}
