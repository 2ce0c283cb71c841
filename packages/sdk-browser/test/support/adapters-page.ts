import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'

/**
 * A page on loopback that has the SDK's real lock and transport adapters as `window.adapters`
 * (`adapters-entry.ts`, bundled from source by esbuild), to run their contracts in Chromium.
 */
export async function startAdapterPage(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [new URL('./adapters-entry.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@clickstream/source'],
    // Only `lockContender` is used from sdk-core/testing: its test-framework and Node imports drop out.
    external: ['vitest', 'node:*'],
    write: false,
  })
  const script = bundle.outputFiles[0]?.text ?? ''
  const server = createServer((req, res) => {
    if (req.url === '/adapters.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      return res.end(script)
    }
    if (req.url !== '/') return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><title>adapters</title><script src="/adapters.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
