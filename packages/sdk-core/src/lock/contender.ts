import type { Lock } from './lock.js'

/** What one call of a lock gave: the task's value or error, or `ran: false` when it skipped. */
export type LockOutcome =
  | { ran: true; value: string }
  | { ran: true; error: string }
  | { ran: false }

/**
 * One sender sharing a lock (a tab, a process), driven by the lock contract. Plain data in and
 * out, so a contender can live in a browser page and be driven from Node.
 */
export interface LockContender {
  /** Calls the lock with a task that returns `value`, or throws `new Error(error)`. */
  call(task: { value: string } | { error: string }): Promise<LockOutcome>
  /** Calls the lock with a task that holds it until `release()`: true once it runs, false if it skipped. */
  hold(): Promise<boolean>
  /** Ends the held task (with the value `'held'`); resolves with that call's outcome. */
  release(): Promise<LockOutcome>
}

const outcomeOf = (call: Promise<string | undefined>): Promise<LockOutcome> =>
  call.then(
    (value): LockOutcome => (value === undefined ? { ran: false } : { ran: true, value }),
    (error: unknown): LockOutcome => ({ ran: true, error: (error as Error).message }),
  )

/** A {@link LockContender} over a lock in this JavaScript realm. No test framework imported. */
export function lockContender(lock: Lock): LockContender {
  let held: { end(): void; outcome: Promise<LockOutcome> } | undefined
  return {
    call: (task) =>
      outcomeOf(
        lock(async () => {
          if ('error' in task) throw new Error(task.error)
          return task.value
        }),
      ),
    hold: () =>
      new Promise<boolean>((started) => {
        let end = () => {}
        const outcome = outcomeOf(
          lock(() => {
            started(true)
            return new Promise<string>((resolve) => {
              end = () => resolve('held')
            })
          }),
        )
        held = { end: () => end(), outcome }
        void outcome.then((o) => o.ran || started(false))
      }),
    async release() {
      if (!held) throw new Error('release() without a hold()')
      const { end, outcome } = held
      held = undefined
      end()
      return outcome
    },
  }
}
