import { afterEach, beforeEach, expect, it } from 'vitest'
import { benchTrack as track } from '../bench/track.js'
import { createAnalytics } from '../src/entrypoints/node.js'
import { type LoopbackCollector, startCollector, WRITE_KEY } from './collector.js'

let collector: LoopbackCollector
beforeEach(async () => {
  collector = await startCollector({ record: false })
})
afterEach(() => collector.close())

/** How often the collector stored each messageId. */
const countsById = () => {
  const counts = new Map<string, number>()
  for (const m of collector.messages()) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1)
  return counts
}

/** Every id the collector stored, once each and nothing else. */
const expectEachOnce = (ids: string[]) => {
  const counts = countsById()
  expect(counts.size).toBe(ids.length)
  expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([])
}

it('default options: a 100,000-call burst that yields every 1,000 calls delivers every event once', async () => {
  const analytics = createAnalytics({ writeKey: WRITE_KEY, host: collector.url })
  const ids: string[] = []
  for (let i = 0; i < 100_000; i++) {
    ids.push(analytics.track(track(i)))
    if (i % 1000 === 999) await new Promise(setImmediate)
  }
  const result = await analytics.closeAndFlush({ timeout: 110_000 })
  expect(result).toEqual({ flushed: true, pending: 0 })
  expect(analytics.stats().dropped['queue-full']).toBe(0)
  expectEachOnce(ids)
})

it('waitForRoom: a burst of ~240× the queue bound (9.6 MB) goes through a 40 KB queue with no drop', async () => {
  const maxQueueBytes = 40_000
  const analytics = createAnalytics({ writeKey: WRITE_KEY, host: collector.url, maxQueueBytes })
  const ids: string[] = []
  let most = 0
  for (let i = 0; i < 30_000; i++) {
    await analytics.waitForRoom()
    ids.push(analytics.track(track(i)))
    most = Math.max(most, analytics.stats().queuedBytes)
  }
  await analytics.closeAndFlush({ timeout: 110_000 })
  expect(most).toBeLessThanOrEqual(maxQueueBytes)
  expect(analytics.stats().dropped['queue-full']).toBe(0)
  expectEachOnce(ids)
})
