/**
 * One benchmark run in its own process:
 * `worker.ts <clickstream|segment> <burst|enlarged> <url> <events> <write key>`.
 * Loads the SDK, then measures enqueueing and delivering every event (CPU, wall, peak RSS) and
 * prints one JSON line.
 * - `burst`: default options, and the loop yields to the event loop every 1,000 calls (a backfill
 *   or batch job).
 * - `enlarged`: a tight loop; ours gets a queue big enough for the whole burst.
 */
import { Analytics as SegmentAnalytics } from '@segment/analytics-node'
import { createAnalytics } from '../src/entrypoints/node.js'
import { benchTrack } from './track.js'

const [sdk, workload, url = '', count = '0', writeKey = ''] = process.argv.slice(2)
const n = Number(count)
let failures = 0

/** What the workload uses of either SDK (the same calls on both). */
interface Client {
  track(params: { userId: string; event: string; properties: Record<string, unknown> }): unknown
  closeAndFlush(options: { timeout: number }): Promise<unknown>
  on(type: 'error', listener: () => void): unknown
}

const ours =
  sdk === 'clickstream'
    ? createAnalytics({
        writeKey,
        host: url,
        // Same workload as Segment's unbounded queue: room for every event.
        ...(workload === 'enlarged' ? { maxQueueEvents: n, maxQueueBytes: 1_000_000_000 } : {}),
      })
    : undefined
const client: Client = ours ?? new SegmentAnalytics({ writeKey, host: url, path: '/v1/batch' })
client.on('error', () => {
  failures++
})

const rssBefore = process.memoryUsage.rss()
const cpu = process.cpuUsage()
const started = performance.now()
for (let i = 0; i < n; i++) {
  client.track(benchTrack(i))
  if (workload === 'burst' && i % 1000 === 999) await new Promise(setImmediate)
}
await client.closeAndFlush({ timeout: 600_000 })
const wallMs = performance.now() - started
const { user, system } = process.cpuUsage(cpu)
const dropped = ours ? Object.values(ours.stats().dropped).reduce((a, b) => a + b, 0) : 0
console.log(
  JSON.stringify({
    sdk,
    workload,
    cpuMs: (user + system) / 1000,
    wallMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 1024 / 1024,
    failures,
    dropped,
  }),
)
