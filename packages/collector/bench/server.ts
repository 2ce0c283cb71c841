/**
 * One server for the benchmark, in its own process: `bare` (Hono, `await c.req.json()`, nothing
 * else), `bare-node-read` (Hono, reads the body as the collector's Node entry does, then
 * `JSON.parse`), `memory` or `kinesis` (the Node entry), `memory-plan` / `memory-plan-flagging`
 * (the memory sink, the source with the 100-event tracking plan of `plan.ts`). Prints its URL on
 * stdout.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { loadConfig } from '../src/config/env.js'
import { startNodeCollector } from '../src/entrypoints/node.js'
import { readNodeBody } from '../src/http/read-body-node.js'
import { silentLogger } from '../src/logger.js'
import { benchPlan } from './plan.js'

const [mode = 'memory', endpoint = ''] = process.argv.slice(2)

const limits = { maxBodyBytes: 500 * 1024, maxWireBytes: 500 * 1024, bodyTimeoutMs: 10_000 }

if (mode === 'bare' || mode === 'bare-node-read') {
  const app = new Hono()
  app.post('/v1/batch', async (c) => {
    const body = (
      mode === 'bare' ? await c.req.json() : JSON.parse(await readNodeBody(c, limits))
    ) as { batch: unknown[] }
    return c.json({ ok: true, accepted: body.batch.length, rejected: [] })
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
    console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
} else {
  const plan = mode.startsWith('memory-plan')
    ? { trackingPlan: benchPlan(mode === 'memory-plan-flagging') }
    : {}
  const config = loadConfig({
    PORT: '0',
    SOURCES: JSON.stringify({ 'bench-key': { id: 'bench', ...plan } }),
    ...(mode === 'kinesis'
      ? {
          KINESIS_STREAM: 'bench-events',
          REJECTED_STREAM: 'bench-rejected',
          KINESIS_ENDPOINT: endpoint,
        }
      : {}),
  })
  const collector = await startNodeCollector(config, silentLogger)
  console.log(collector.url)
  process.once('SIGTERM', () => void collector.close().then(() => process.exit(0)))
}
