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

/** The Lambda's environment is missing or has invalid settings. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
