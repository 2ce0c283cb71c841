/**
 * One server for the benchmark, in its own process: `bare` (Hono, parses the JSON, nothing else),
 * `memory` or `kinesis` (the Node entry). Prints its URL on stdout.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { loadConfig } from '../src/config/env.js'
import { startNodeCollector } from '../src/entrypoints/node.js'
import { silentLogger } from '../src/logger.js'

const [mode = 'memory', endpoint = ''] = process.argv.slice(2)

if (mode === 'bare') {
  const app = new Hono()
  app.post('/v1/batch', async (c) => {
    const body = (await c.req.json()) as { batch: unknown[] }
    return c.json({ ok: true, accepted: body.batch.length, rejected: [] })
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
    console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
} else {
  const config = loadConfig({
    PORT: '0',
    SOURCES: JSON.stringify({ 'bench-key': { id: 'bench' } }),
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
