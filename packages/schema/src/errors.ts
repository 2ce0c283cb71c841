import type { Issue } from './issues.js'

/** Why a Kinesis record could not be decoded. */
export type EnvelopeDecodeReason =
  | 'not_utf8'
  | 'not_json'
  | 'unsupported_version'
  | 'invalid_envelope'

/** A Kinesis record that is not a valid envelope. Never retryable: set it aside. */
export class EnvelopeDecodeError extends Error {
  override readonly name = 'EnvelopeDecodeError'
  constructor(
    readonly reason: EnvelopeDecodeReason,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message)
  }
}

/** An envelope whose encoding (plus partition key) is larger than a Kinesis record may be. */
export class EnvelopeTooLargeError extends Error {
  override readonly name = 'EnvelopeTooLargeError'
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`envelope of ${bytes} bytes is larger than the ${limit}-byte Kinesis record limit`)
  }
}
