/**
 * `node --expose-gc … queue-cost.ts <events>`: what one queued event costs. Queues `events`
 * realistic `track` calls (the deliver benchmark's) behind a transport that never answers, so
 * everything stays queued, and prints one JSON line: mean JSON bytes per event, and heap and RSS
 * growth per event after a full GC. The figures behind the `maxQueueBytes` default.
 */
import { createAnalytics } from '../src/entrypoints/node.js'
import { benchTrack } from './track.js'

const n = Number(process.argv[2] ?? 100_000)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const analytics = createAnalytics({
  writeKey: 'k',
  maxQueueBytes: Number.MAX_SAFE_INTEGER,
  transport: { send: () => new Promise<never>(() => {}) },
})
gc()
const before = process.memoryUsage()
for (let i = 0; i < n; i++) {
  analytics.track(benchTrack(i))
  if (i % 1000 === 999) await new Promise(setImmediate)
}
await new Promise(setImmediate)
gc()
const after = process.memoryUsage()
const { queued, queuedBytes } = analytics.stats()
if (queued !== n) throw new Error(`${queued} of ${n} events queued`)
console.log(
  JSON.stringify({
    events: n,
    jsonBytes: queuedBytes / n,
    heapBytes: (after.heapUsed - before.heapUsed) / n,
    rssBytes: (after.rss - before.rss) / n,
  }),
)
process.exit(0)
