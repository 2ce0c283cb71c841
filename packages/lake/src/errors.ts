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
