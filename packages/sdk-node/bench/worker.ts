/**
 * One benchmark run in its own process: `worker.ts <clickstream|segment> <url> <events> <write key>`.
 * Loads the SDK, then measures enqueueing and delivering every event (CPU, wall, peak RSS) and
 * prints one JSON line.
 */
import { Analytics as SegmentAnalytics } from '@segment/analytics-node'
import { createAnalytics } from '../src/entrypoints/node.js'

const [sdk, url = '', count = '0', writeKey = ''] = process.argv.slice(2)
const n = Number(count)
let failures = 0

/** What the workload uses of either SDK (the same calls on both). */
interface Client {
  track(params: { userId: string; event: string; properties: Record<string, unknown> }): unknown
  closeAndFlush(options: { timeout: number }): Promise<unknown>
  on(type: 'error', listener: () => void): unknown
}

const client: Client =
  sdk === 'clickstream'
    ? createAnalytics({
        writeKey: writeKey,
        host: url,
        // Same workload as Segment's unbounded queue: room for every event.
        maxQueueEvents: n,
        maxQueueBytes: 1_000_000_000,
      })
    : new SegmentAnalytics({ writeKey: writeKey, host: url, path: '/v1/batch' })
client.on('error', () => {
  failures++
})

const rssBefore = process.memoryUsage.rss()
const cpu = process.cpuUsage()
const started = performance.now()
for (let i = 0; i < n; i++) {
  client.track({
    userId: `user-${i % 1000}`,
    event: 'Product Viewed',
    properties: {
      sku: `SKU-${i % 500}`,
      price: 12.5,
      currency: 'EUR',
      position: i % 20,
      tags: ['bench', 'node'],
    },
  })
}
await client.closeAndFlush({ timeout: 600_000 })
const wallMs = performance.now() - started
const { user, system } = process.cpuUsage(cpu)
console.log(
  JSON.stringify({
    sdk,
    cpuMs: (user + system) / 1000,
    wallMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 1024 / 1024,
    failures,
  }),
)
