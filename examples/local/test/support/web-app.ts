import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGracefulClose } from '@clickstream/local-aws'
import { serve } from '@hono/node-server'
import { createEventFeed } from '../../src/web/event-feed.js'
import type { WebAppOptions } from '../../src/web/web-app.js'

/** Options of a web app for tests: an empty feed and no sessions, stats a minute apart; with overrides. */
export const webAppOptions = (overrides: Partial<WebAppOptions> = {}): WebAppOptions => ({
  feed: createEventFeed(),
  gapMs: 60_000,
  snippet: '',
  collectorOrigin: 'http://127.0.0.1:8080',
  sdkScript: async () => undefined,
  statsIntervalMs: 60_000,
  sessions: { recent: async () => [], get: async () => undefined },
  ...overrides,
})

/** Serves `app` on a free loopback port; `close` ends it (requests still open cut after a second). */
export async function serveWebApp(app: {
  fetch: (request: Request) => Response | Promise<Response>
}) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: createGracefulClose(server as Server, { abandonedMs: 1000 }),
  }
}
