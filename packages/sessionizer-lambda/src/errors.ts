/** A key's commit kept losing the optimistic-locking race: retried in a later invocation. */
export class CommitConflictError extends Error {
  override readonly name = 'CommitConflictError'
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`state of key ${JSON.stringify(key)} kept changing under ${attempts} commit attempts`)
  }
}

/**
 * Kinesis kept refusing some dead letters (per-record `ErrorCode`s) after the dead letter's
 * attempts: the invocation fails so the batch is retried and no record is lost.
 */
export class DeadLetterRejectedError extends Error {
  override readonly name = 'DeadLetterRejectedError'
  constructor(
    readonly rejected: number,
    readonly attempts: number,
  ) {
    super(`${rejected} dead letters were not accepted by Kinesis after ${attempts} attempts`)
  }
}

/** The Lambda's environment is missing or has invalid settings. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * A key's state would not fit in the store's item (DynamoDB: 400 KB). Never retryable: the key's
 * records of the batch are set aside instead, so the shard is never blocked.
 */
export class StateTooLargeError extends Error {
  override readonly name = 'StateTooLargeError'
  constructor(
    readonly key: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `state of key ${JSON.stringify(key)} is ${bytes} bytes, more than the ${limit} the store allows`,
    )
  }
}
