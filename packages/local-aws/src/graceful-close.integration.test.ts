import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  escapedErrors,
  getRequest as get,
  halfPost,
  openConnection as open,
  waitFor,
} from '@clickstream/test-support'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGracefulClose, type GracefulCloseOptions } from './graceful-close.js'

const escaped = escapedErrors({ beforeEach, afterEach })

/**
 * A server whose handler behaves like kinesalite's: it throws its request's errors, acts on the
 * `end` of the body only, and answers `/slow` only once released. Its `close` is logged, as it would
 * close kinesalite's store.
 */
async function startServer(options: GracefulCloseOptions = {}) {
  const log: string[] = []
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  const stats = { received: 0, handled: 0, closedRequests: 0 }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    stats.received++
    req.on('error', (error) => {
      throw error
    })
    req.on('close', () => stats.closedRequests++)
    req.resume()
    req.on('end', async () => {
      stats.handled++
      if (req.url === '/slow') await released
      if (req.url === '/never') return
      res.end('ok')
      log.push(`answered ${req.url}`)
    })
  })
  const serverClose = server.close.bind(server)
  server.close = ((callback?: (error?: Error) => void) => {
    log.push('server.close')
    return serverClose(callback)
  }) as Server['close']
  const close = createGracefulClose(server, options)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { port: (server.address() as AddressInfo).port, close, log, release, stats }
}

describe('createGracefulClose', () => {
  it('refuses new work, waits for the handler even when its client has gone, then closes', async () => {
    const s = await startServer()
    const kept = await open(s.port)
    kept.socket.write(get('/fast'))
    await waitFor(() => kept.received().endsWith('ok'), { what: 'the first answer' })

    const gone = await open(s.port)
    gone.socket.write(get('/slow'))
    await waitFor(() => s.stats.handled === 2, { what: 'the slow request handled' })
    gone.socket.destroy()
    await waitFor(() => s.stats.closedRequests === 2, { what: 'the slow request closed' })

    let closed = false
    const closing = s.close().then(() => {
      closed = true
    })
    // A request on a kept-alive connection: answered 503 at once, never reaching the handler.
    kept.socket.write(get('/late'))
    await waitFor(() => kept.received().endsWith('closing'), { what: 'the 503' })
    expect(kept.received()).toMatch(/HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*closing$/)
    // A new connection: destroyed.
    const fresh = await open(s.port)
    fresh.socket.write(get('/new'))
    await fresh.closed
    expect(fresh.received()).toBe('')
    expect(s.stats.handled).toBe(2)
    expect(closed).toBe(false) // still waiting for the slow handler

    s.release()
    await closing
    expect(s.log).toEqual(['answered /fast', 'answered /slow', 'server.close'])
    await kept.closed
    expect(escaped()).toEqual([])
  })

  it('cuts off requests whose body has not arrived, and no client going away mid-body throws', async () => {
    const s = await startServer()
    const gone = await open(s.port)
    gone.socket.write(halfPost())
    const stalled = await open(s.port)
    stalled.socket.write(halfPost())
    await waitFor(() => s.stats.received === 2, { what: 'both requests received' })
    gone.socket.destroy()
    await waitFor(() => s.stats.closedRequests === 1, { what: 'the abandoned request closed' })

    await s.close() // would wait forever for the stalled body
    await stalled.closed
    expect(s.stats.handled).toBe(0)
    expect(s.log).toEqual(['server.close'])
    expect(escaped()).toEqual([])
  })

  it('with abandonedMs, stops waiting for a response whose client has gone that long', async () => {
    const s = await startServer({ abandonedMs: 50 })
    const gone = await open(s.port)
    gone.socket.write(get('/never'))
    await waitFor(() => s.stats.handled === 1, { what: 'the request handled' })
    gone.socket.destroy()
    await s.close() // would wait for ever without abandonedMs
    expect(s.log).toEqual(['server.close'])
    expect(escaped()).toEqual([])
  })
})
