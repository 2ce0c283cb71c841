import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

export interface GracefulCloseOptions {
  /**
   * How long the close waits for the handler to end a response whose client has gone, before it
   * counts that request as done. Wait for ever for a handler that works on a store after its
   * client has gone (kinesalite, dynalite): closing the store under it is what this prevents.
   * @default Infinity
   */
  abandonedMs?: number
}

/**
 * Takes over `server`'s request handling (call it before the server gets its first request) and
 * returns a close that is graceful whatever is still connected:
 * 1. it stops accepting: new connections are destroyed, requests on kept-alive connections are
 *    answered `503` at once without reaching the handler, and requests whose body has not fully
 *    arrived are cut off (the handler acts only on complete requests);
 * 2. it waits until the handler has ended the response of every request it was given, even when
 *    that request's client has gone (a destroyed socket does not stop the handler), or for such
 *    a request at most `abandonedMs`;
 * 3. it closes the connections;
 * 4. it calls `server.close`, which for kinesalite and dynalite also closes their stores.
 *
 * A request cut off before its body was complete (by its client or by the close) ends quietly:
 * kinesalite and dynalite throw the request's `aborted` error from their handlers, which would be
 * an uncaught exception.
 */
export function createGracefulClose(
  server: Server,
  options: GracefulCloseOptions = {},
): () => Promise<void> {
  const abandonedMs = options.abandonedMs ?? Number.POSITIVE_INFINITY
  const handlers = server.listeners('request') as RequestListener[]
  server.removeAllListeners('request')
  /** Requests given to the handler whose response it has not ended yet. */
  const inFlight = new Map<IncomingMessage, Promise<void>>()
  let closing: Promise<void> | undefined

  server.on('connection', (socket: Socket) => {
    if (closing) socket.destroy()
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closing) return refuse(res)
    quietOnAbort(req)
    inFlight.set(
      req,
      handled(req, res, abandonedMs).then(() => {
        inFlight.delete(req)
      }),
    )
    for (const handler of handlers) handler.call(server, req, res)
  })

  return () => {
    closing ??= (async () => {
      for (const req of inFlight.keys()) if (!req.complete) req.destroy()
      await Promise.all(inFlight.values())
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      )
    })()
    return closing
  }
}

/**
 * Resolves once the handler has ended the response, or the request was cut off before its body
 * was complete, or `abandonedMs` after its client went away.
 */
function handled(req: IncomingMessage, res: ServerResponse, abandonedMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.end = ((...args: unknown[]) => {
      done()
      return end(...args)
    }) as ServerResponse['end']
    req.once('close', () => {
      if (!req.complete) done()
    })
    res.once('close', () => {
      if (res.writableEnded || !Number.isFinite(abandonedMs)) return
      timer = setTimeout(done, abandonedMs)
      timer.unref()
    })
  })
}

/** An incomplete request's `aborted` error goes nowhere: its handler never acted on the request. */
function quietOnAbort(req: IncomingMessage): void {
  const emit = req.emit.bind(req) as (event: string | symbol, ...args: unknown[]) => boolean
  req.emit = ((event: string | symbol, ...args: unknown[]) =>
    event === 'error' && !req.complete ? false : emit(event, ...args)) as IncomingMessage['emit']
}

function refuse(res: ServerResponse): void {
  res.writeHead(503, {
    connection: 'close',
    'content-type': 'text/plain',
    'content-length': 7,
    'retry-after': '1',
  })
  res.end('closing')
}
