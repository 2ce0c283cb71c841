import { afterEach, beforeEach } from 'vitest'

/**
 * Collects the errors that escape to the process (uncaught exceptions) during each test of the
 * file, so a test can assert there were none (vitest would only report them after the run).
 */
export function escapedErrors(): () => unknown[] {
  let escaped: unknown[] = []
  const capture = (error: unknown) => escaped.push(error)
  beforeEach(() => {
    escaped = []
    process.on('uncaughtException', capture)
  })
  afterEach(() => {
    process.off('uncaughtException', capture)
  })
  return () => escaped
}
