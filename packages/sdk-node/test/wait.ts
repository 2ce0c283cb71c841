import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Polls `check` on real timers (never faked) until it holds: for real I/O under fake timers.
 * Fails after `ms` of real time.
 */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = performance.now() + ms
  while (!check()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await sleep(5)
  }
}
