/** Machine-readable reasons `pnpm privacy` refuses or stops. */
export type PrivacyErrorCode = 'invalid_argument' | 'step_failed'

/** Every error of the deletion CLI: a code and a message naming the flag, step or file. */
export class PrivacyError extends Error {
  override name = 'PrivacyError'
  constructor(
    readonly code: PrivacyErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** A command or flag that is unknown, lacks its value or has a bad one (exit code 2). */
export class PrivacyArgumentError extends PrivacyError {
  override name = 'PrivacyArgumentError'
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_argument', message, options)
  }
}

/** A deletion step that failed part-way: what it did is logged, a re-run resumes at that step. */
export class DeletionStepError extends PrivacyError {
  override name = 'DeletionStepError'
  constructor(
    readonly step: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      'step_failed',
      `step ${step} failed: ${detail} (run the same command again: it resumes at this step)`,
      options,
    )
  }
}
