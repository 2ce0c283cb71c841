/** A condition a test waited for did not hold before its deadline. */
export class DeadlinePassedError extends Error {
  override readonly name = 'DeadlinePassedError'
  constructor(
    readonly what: string,
    readonly deadlineMs: number,
  ) {
    super(`${what}: not met within ${deadlineMs} ms`)
  }
}
