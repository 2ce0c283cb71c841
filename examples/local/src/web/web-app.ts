import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { readSiteFile } from '@clickstream/example-website'
import { InvalidOptionError, isLakeError } from '@clickstream/lake'
import type { SessionRecord } from '@clickstream/schema'
import type { HttpBindings } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import type { SecureHeadersVariables } from 'hono/secure-headers'
import { type Analytics, isPanel } from './analytics.js'
import type { EventFeed } from './event-feed.js'
import { hostCheck } from './host-check.js'
import { createLiveStream } from './live-stream.js'
import { MAX_PERSON_QUERY, type PersonsSource } from './persons.js'
import { uiSecureHeaders } from './security-headers.js'

/** Where the views read sessions from (DynamoDB locally). */
export interface SessionsSource {
  /** Most recently active first. */
  recent(limit: number): Promise<SessionRecord[]>
  get(sessionId: string): Promise<SessionRecord | undefined>
}

export interface WebAppOptions {
  feed: EventFeed
  sessions: SessionsSource
  /** People across devices, from the lake's identity stitching (the person page); absent with the lake off. */
  persons?: PersonsSource
  /** Inactivity gap of the sessionizer, to tell open sessions from closed ones. */
  gapMs: number
  /** HTML placed into the demo pages' `<head>`: the script-tag snippet (its `<script>` tags get the CSP nonce). */
  snippet: string
  /** Where the snippet's SDK sends events: allowed by the pages' `connect-src`. */
  collectorOrigin: string
  /** Host names answered besides the loopback ones (`localhost`, `127.0.0.1`, `[::1]`), any port. @default [] */
  allowedHosts?: readonly string[]
  /** The browser SDK's script-tag bundle, served at `/sdk/clickstream.min.js`. */
  sdkScript: () => Promise<string | undefined>
  /** Extra numbers for `/api/stats` (poller lag, …). */
  stats?: () => Record<string, unknown>
  /** @default 1000 */
  statsIntervalMs?: number
  /** Bytes a live-stream client may fall behind before it is disconnected. @default 4 MiB */
  maxBufferedBytes?: number
  /** Ends every live stream (`/api/stream`) when aborted, so the server can close without cutting them off. */
  signal?: AbortSignal
  /** The dashboard's queries on the lake (`/analytics`); without it the page says the lake is off. */
  analytics?: Analytics
  /** Told what the server did on its own (a slow live-stream client disconnected). @default nothing */
  log?: (message: string) => void
}

const viewsDir = join(import.meta.dirname, 'views')
/** Chart.js's UMD build, from the workspace's node_modules (served at `/vendor/chart.js`). */
const chartJs = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
)
const viewTypes: Record<string, string> = {
  css: 'text/css',
  js: 'text/javascript',
  html: 'text/html',
}

/** The local web server: demo shop, event debugger, sessions view and their APIs. */
export function createWebApp(o: WebAppOptions) {
  const app = new Hono<{ Bindings: Partial<HttpBindings>; Variables: SecureHeadersVariables }>()
  const stats = () => ({
    rate: o.feed.rate(600),
    totals: o.feed.totals(),
    stream: live.stats(),
    ...o.stats?.(),
  })
  const live = createLiveStream({
    feed: o.feed,
    stats,
    ...(o.statsIntervalMs === undefined ? {} : { statsIntervalMs: o.statsIntervalMs }),
    ...(o.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: o.maxBufferedBytes }),
    ...(o.signal ? { signal: o.signal } : {}),
    onSlowClient: ({ bufferedBytes, dropped }) =>
      o.log?.(
        `live stream: disconnected a client ${bufferedBytes} bytes behind (it stopped reading; ${dropped} so far)`,
      ),
  })

  app.use(uiSecureHeaders({ connectSrc: [o.collectorOrigin] }))
  app.use(hostCheck(o.allowedHosts))

  app.get('/api/events', (c) => c.json(o.feed.recent(clamp(c.req.query('limit'), 200, 2000))))
  app.get('/api/stats', (c) => c.json(stats()))
  app.get('/api/sessions', async (c) =>
    c.json({
      gapMs: o.gapMs,
      sessions: await o.sessions.recent(clamp(c.req.query('limit'), 100, 500)),
    }),
  )
  app.get('/api/sessions/:id', async (c) => {
    const session = await o.sessions.get(c.req.param('id'))
    if (!session) return c.json({ error: { code: 'not_found', message: 'no such session' } }, 404)
    const events = o.feed.timeline(
      session.key,
      Date.parse(session.startedAt),
      Date.parse(session.endedAt),
    )
    return c.json({ session, events })
  })
  app.get('/api/stream', (c) => live.respond(c))
  app.get('/api/persons', async (c) => {
    const q = c.req.query('q')
    if (!o.persons) return noLake(c)
    if (q !== undefined && q.length > MAX_PERSON_QUERY) return tooLong(c, 'q')
    const persons = await o.persons.search(q)
    return c.json({ lake: persons !== undefined, persons: persons ?? [] })
  })
  app.get('/api/persons/:id', async (c) => {
    const id = c.req.param('id')
    if (!o.persons) return noLake(c)
    if (id.length > MAX_PERSON_QUERY) return tooLong(c, 'id')
    const person = await o.persons.get(id)
    if (!person) return c.json({ error: { code: 'not_found', message: `no person ${id}` } }, 404)
    return c.json(person)
  })
  app.get('/api/analytics/:panel', async (c) => {
    const panel = c.req.param('panel')
    if (!isPanel(panel))
      return c.json(
        {
          error: {
            code: 'unknown_panel',
            field: 'panel',
            message: `no panel ${JSON.stringify(panel)}`,
          },
        },
        404,
      )
    if (!o.analytics) return noLake(c)
    try {
      return c.json(await o.analytics.answer(panel, new URL(c.req.url).searchParams))
    } catch (error) {
      if (error instanceof InvalidOptionError)
        return c.json(
          { error: { code: error.code, field: error.option, message: error.message } },
          400,
        )
      if (isLakeError(error))
        return c.json({ error: { code: error.code, message: error.message } }, 500)
      throw error
    }
  })
  app.get('/vendor/chart.js', async (c) =>
    c.body(await readFile(chartJs, 'utf8'), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  )

  app.get('/sdk/clickstream.min.js', async (c) => {
    const script = await o.sdkScript()
    if (!script)
      return c.text(
        'the browser SDK is not built: run pnpm --filter @clickstream/sdk-browser build',
        503,
      )
    return c.body(script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    })
  })
  app.get('/debugger', (c) => view(c, 'debugger.html'))
  app.get('/sessions', (c) => view(c, 'sessions.html'))
  app.get('/persons', (c) => view(c, 'persons.html'))
  app.get('/analytics', (c) => view(c, 'analytics.html'))
  app.get('/views/:file{[a-z-]+\\.(css|js)}', (c) => view(c, c.req.param('file')))
  app.get('*', async (c) => {
    const nonce = c.get('secureHeadersNonce') ?? ''
    const file = await readSiteFile(
      c.req.path,
      o.snippet.replaceAll('<script', `<script nonce="${nonce}"`),
    )
    if (!file) return c.notFound()
    return c.body(file.body, 200, { 'content-type': file.contentType })
  })
  return app
}

async function view(
  c: { body: (b: string, s: 200, h: Record<string, string>) => Response },
  file: string,
) {
  const body = await readFile(join(viewsDir, file), 'utf8')
  const ext = file.split('.').pop() as string
  return c.body(body, 200, { 'content-type': `${viewTypes[ext]}; charset=utf-8` })
}

const noLake = (c: Context) =>
  c.json({ error: { code: 'no_lake', message: 'the event lake is off (--lake off)' } }, 503)
const tooLong = (c: Context, field: string) =>
  c.json(
    {
      error: {
        code: 'invalid_parameter',
        message: `${field}: at most ${MAX_PERSON_QUERY} characters`,
      },
    },
    400,
  )

const clamp = (value: string | undefined, fallback: number, max: number) => {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback
}
