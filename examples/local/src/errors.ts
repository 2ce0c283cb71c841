/** Flags or environment variables the local pipeline cannot run with; the message names each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** Building the browser SDK's script-tag bundle (rollup) failed; the message carries its output. */
export class SdkBuildError extends Error {
  override readonly name = 'SdkBuildError'
}

/** The handler kept failing on a batch past the retry limit; the records were skipped. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError'
  constructor(
    readonly shardId: string,
    readonly firstSequenceNumber: string,
    readonly lastSequenceNumber: string,
    readonly attempts: number,
  ) {
    super(
      `gave up on ${shardId} records ${firstSequenceNumber}..${lastSequenceNumber} after ${attempts} attempts`,
    )
  }
}

/**
 * The checkpoint file exists but cannot be read as checkpoints (torn, edited, not ours). Starting
 * without it would silently re-read every shard from the trim horizon, so the start stops instead.
 */
export class CheckpointFileError extends Error {
  override readonly name = 'CheckpointFileError'
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(
      `checkpoint file ${file} ${problem}. Restore it, or delete it to read every shard again from the start.`,
      options,
    )
  }
}
