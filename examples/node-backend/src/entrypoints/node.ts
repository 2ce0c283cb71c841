import { createAnalytics } from '@clickstream/sdk-node'
import { serve } from '@hono/node-server'
import { createApp } from '../app.js'
import { ConfigError } from '../errors.js'

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...fields }))

const writeKey = process.env.CLICKSTREAM_WRITE_KEY
if (!writeKey) throw new ConfigError('set CLICKSTREAM_WRITE_KEY')

const analytics = createAnalytics({
  writeKey,
  host: process.env.CLICKSTREAM_HOST ?? 'http://localhost:8080',
})
analytics.on('error', (error) =>
  log('analytics delivery failed', {
    level: 'warn',
    reason: error.details.reason,
    willRetry: error.details.willRetry,
  }),
)
analytics.on('drop', ({ messageId, kind }) =>
  log('analytics event dropped', { level: 'warn', messageId, kind }),
)

const server = serve(
  {
    fetch: createApp(analytics).fetch,
    hostname: '127.0.0.1',
    port: Number(process.env.PORT ?? 3000),
  },
  (info) => log('listening', { port: info.port }),
)

// Graceful shutdown: stop taking requests, then deliver what is queued within a bounded time.
process.once('SIGTERM', async () => {
  log('SIGTERM: closing')
  server.close()
  const result = await analytics.closeAndFlush({ timeout: 5000 })
  log('analytics closed', { ...result })
  process.exit(0)
})
