import { describe, expect, it } from 'vitest'
import { mapWithConcurrency } from './map-with-concurrency.js'

/** A call that settles when the test says so, and how many calls are running. */
function gate() {
  let running = 0
  let max = 0
  const started: number[] = []
  const release = new Map<number, (fail?: Error) => void>()
  const call = (item: number) => {
    running++
    max = Math.max(max, running)
    started.push(item)
    return new Promise<number>((resolve, reject) => {
      release.set(item, (fail) => {
        running--
        if (fail) reject(fail)
        else resolve(item * 10)
      })
    })
  }
  return { call, started, release, max: () => max, running: () => running }
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('mapWithConcurrency', () => {
  it('keeps at most `limit` calls in flight, starts them in order and keeps the results in order', async () => {
    const g = gate()
    const done = mapWithConcurrency([1, 2, 3, 4, 5], 2, g.call)
    await settle()
    expect(g.started).toEqual([1, 2])
    g.release.get(2)?.()
    await settle()
    expect(g.started).toEqual([1, 2, 3])
    for (const item of [1, 3, 4, 5]) {
      g.release.get(item)?.()
      await settle()
    }
    expect(await done).toEqual([10, 20, 30, 40, 50])
    expect(g.max()).toBe(2)
  })

  it('starts no call after one fails, lets those in flight settle, then rejects with the first failure', async () => {
    const g = gate()
    let settled = false
    const done = mapWithConcurrency([1, 2, 3, 4], 2, g.call).finally(() => {
      settled = true
    })
    const outcome = done.catch((error: unknown) => error)
    await settle()
    g.release.get(1)?.(new Error('first'))
    await settle()
    expect(g.started).toEqual([1, 2])
    expect(settled).toBe(false)
    g.release.get(2)?.(new Error('second'))
    expect(await outcome).toEqual(new Error('first'))
    expect(g.running()).toBe(0)
    expect(g.started).toEqual([1, 2])
  })

  it('takes no items, and a synchronous throw as a failure', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
    await expect(
      mapWithConcurrency([1], 4, () => {
        throw new Error('sync')
      }),
    ).rejects.toThrow('sync')
  })

  it('refuses a limit that is not a positive integer', async () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(mapWithConcurrency([1], limit, async () => 1)).rejects.toThrow(RangeError)
    }
  })
})
