import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { sdkBundlePath } from '@clickstream/local'
import { type Loopback, serveLoopback } from '@clickstream/test-support'
import { Hono } from 'hono'
import { modulePath } from './paths.js'

const segmentUmd = join(modulePath('@segment/analytics-next'), 'dist/umd')

/**
 * The site the SDKs run in, on its own origin (so requests to the collector are cross-origin, as
 * on a real site): a blank page, our IIFE, Segment's standalone bundle, and a stand-in for
 * Segment's CDN (`/cdn`) serving the source settings and its on-demand chunks from the package.
 */
export async function startPageServer(collectorUrl: string, writeKey: string): Promise<Loopback> {
  const js = (body: string) =>
    new Response(body, { headers: { 'content-type': 'text/javascript; charset=utf-8' } })
  const app = new Hono()
  app.get('/', (c) =>
    c.html('<!doctype html><html><head><title>bench</title></head><body></body></html>'),
  )
  app.get('/clickstream.min.js', async () => js(await readFile(sdkBundlePath, 'utf8')))
  app.get('/segment/standalone.js', async () =>
    js(await readFile(join(segmentUmd, 'standalone.js'), 'utf8')),
  )
  app.get('/cdn/analytics-next/bundles/:file', async (c) =>
    js(await readFile(join(segmentUmd, basename(c.req.param('file'))), 'utf8')),
  )
  // Inline settings: only the Segment.io destination, pointed at our collector; no telemetry.
  app.get('/cdn/v1/projects/:writeKey/settings', (c) =>
    c.json({
      integrations: {
        'Segment.io': {
          apiKey: writeKey,
          apiHost: `${new URL(collectorUrl).host}/v1`,
          protocol: 'http',
        },
      },
      plan: { track: { __default: { enabled: true } } },
      metrics: { sampleRate: 0 },
    }),
  )
  return serveLoopback(app.fetch)
}
