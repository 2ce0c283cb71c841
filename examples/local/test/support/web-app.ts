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
