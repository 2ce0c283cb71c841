import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRandom } from '../../src/simulate/random.js'

export type Fault =
  | 'pass'
  | 'fail-503'
  | 'fail-500-after-write'
  | 'lost-response'
  | 'delay'
  | 'reset'

export interface ChaosProxy {
  url: string
  /** How often each fault happened. */
  counts: Record<Fault, number>
  close(): Promise<void>
}

/**
 * An HTTP proxy in front of the collector that fails requests on purpose: 503 without forwarding,
 * 500 after the collector wrote the events (the client retries what is already in the stream),
 * lost responses (forwarded, then the connection is cut), delays, and resets before forwarding.
 * Deterministic for a seed.
 */
export async function startChaosProxy(target: string, seed = 1): Promise<ChaosProxy> {
  const random = createRandom(seed)
  const counts: Record<Fault, number> = {
    pass: 0,
    'fail-503': 0,
    'fail-500-after-write': 0,
    'lost-response': 0,
    delay: 0,
    reset: 0,
  }
  const { hostname, port } = new URL(target)
  const pick = (): Fault => {
    const r = random.next()
    if (r < 0.12) return 'fail-503'
    if (r < 0.2) return 'fail-500-after-write'
    if (r < 0.28) return 'lost-response'
    if (r < 0.38) return 'delay'
    if (r < 0.43) return 'reset'
    return 'pass'
  }
  const server = createServer((req, res) => {
    const fault = pick()
    counts[fault]++
    if (fault === 'fail-503') {
      req.resume()
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' })
      res.end('{"ok":false,"error":{"code":"sink_unavailable","message":"chaos"}}')
      return
    }
    if (fault === 'reset') {
      req.socket.destroy()
      return
    }
    const forward = () => {
      const upstream = request(
        { hostname, port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          if (fault === 'lost-response') {
            answer.resume()
            answer.on('end', () => req.socket.destroy())
            return
          }
          if (fault === 'fail-500-after-write') {
            answer.resume()
            answer.on('end', () => {
              res.writeHead(500, { 'content-type': 'application/json' })
              res.end('{"ok":false,"error":{"code":"internal","message":"chaos"}}')
            })
            return
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => req.socket.destroy())
      req.pipe(upstream)
    }
    if (fault === 'delay') setTimeout(forward, random.int(50, 400))
    else forward()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
