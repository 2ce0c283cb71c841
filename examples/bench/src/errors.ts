/** The bench was asked for parts it does not have; the message lists the ones it has. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** What a bench part waits for did not happen before its deadline. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError'
}
