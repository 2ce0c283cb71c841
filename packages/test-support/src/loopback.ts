import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

export interface Loopback {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string
  close(): Promise<void>
}

/** Serves `fetch` with `@hono/node-server` on 127.0.0.1, on a free port. */
export async function serveLoopback(fetch: (request: Request) => Promise<Response> | Response) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  } satisfies Loopback
}
