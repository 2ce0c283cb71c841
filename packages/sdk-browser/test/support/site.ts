import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtScript } from '../../scripts/built.js'
import { WRITE_KEY } from './collector.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const snippet = readFileSync(join(root, 'src/snippet/snippet.min.js'), 'utf8')

/** The script-tag SDK's build, as text. */
export const builtIife = (): string => readFileSync(builtScript('clickstream.min.js'), 'utf8')

export interface Site {
  /** Origin of the site, e.g. `http://127.0.0.1:40124` (another origin than the collector's). */
  url: string
  close(): Promise<void>
}

/**
 * A website on loopback: `/<name>` is a page with the documented snippet (loading the built
 * `/clickstream.min.js`), `analytics.load(writeKey, options)` and then `inline` (calls made before
 * the SDK has loaded). `/empty` is a page without analytics.
 */
export async function startSite(options: {
  collector: string
  load?: Record<string, unknown>
  inline?: string
}) {
  const iife = builtIife()
  const loadOptions = JSON.stringify({ host: options.collector, ...options.load })
  const page = `<!doctype html><html><head><title>Shop</title><script>
${snippet.replace('https://cdn.example.com/clickstream.min.js', '/clickstream.min.js')}
analytics.load('${WRITE_KEY}', ${loadOptions});
${options.inline ?? ''}
</script></head><body><h1>Shop</h1></body></html>`
  const server = createServer((req, res) => {
    if (req.url === '/clickstream.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      return res.end(iife)
    }
    if (req.url === '/favicon.ico') {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(req.url === '/empty' ? '<!doctype html><title>empty</title>' : page)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
