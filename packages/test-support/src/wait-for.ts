import { performance } from 'node:perf_hooks'
import { setTimeout as pause } from 'node:timers/promises'
import { DeadlinePassedError } from './errors.js'

export interface WaitForOptions {
  /** Longest wait, in milliseconds of real time. @default 10_000 */
  deadline?: number
  /** Pause between two checks, in milliseconds. @default 10 */
  interval?: number
  /** What is awaited, for the error; a function is called at the deadline (e.g. to say what was seen). @default 'condition' */
  what?: string | (() => string)
}

/**
 * Checks `condition` until it holds; past the deadline, throws a `DeadlinePassedError` that says
 * what was awaited. Runs on real time even while a test fakes timers and `Date` (the pause comes
 * from `node:timers/promises`, the clock from `node:perf_hooks`), so it can wait for real I/O then.
 * A wait on a condition, never a sleep: it returns as soon as the condition holds.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: WaitForOptions = {},
): Promise<void> {
  const deadline = options.deadline ?? 10_000
  const end = performance.now() + deadline
  while (!(await condition())) {
    if (performance.now() > end) {
      const what = typeof options.what === 'function' ? options.what() : options.what
      throw new DeadlinePassedError(what ?? 'condition', deadline)
    }
    await pause(options.interval ?? 10)
  }
}
