/** The test runner's per-test hooks (vitest's `beforeEach` and `afterEach` fit). */
export interface TestHooks {
  beforeEach(fn: () => void): void
  afterEach(fn: () => void): void
}

/**
 * Collects the errors that escape to the process (uncaught exceptions) during each test of the
 * file, so a test can assert there were none (the runner would only report them after the run).
 * `escapedErrors({ beforeEach, afterEach })` at the top of a file; `expect(escaped()).toEqual([])`.
 */
export function escapedErrors(hooks: TestHooks): () => unknown[] {
  let escaped: unknown[] = []
  const capture = (error: unknown) => escaped.push(error)
  hooks.beforeEach(() => {
    escaped = []
    process.on('uncaughtException', capture)
  })
  hooks.afterEach(() => {
    process.off('uncaughtException', capture)
  })
  return () => escaped
}
