import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Takes over `server`'s request handling (call it before the server gets its first request) and
 * returns a close that is graceful whatever is still connected:
 * 1. it stops accepting: new connections are destroyed, requests on kept-alive connections are
 *    answered `503` at once without reaching the handler, and requests whose body has not fully
 *    arrived are cut off (the handler acts only on complete requests);
 * 2. it waits until the handler has ended the response of every request it was given, even when
 *    that request's client has gone (a destroyed socket does not stop the handler);
 * 3. it closes the connections;
 * 4. it calls `server.close`, which for kinesalite and dynalite also closes their stores.
 *
 * A request cut off before its body was complete (by its client or by the close) ends quietly:
 * kinesalite and dynalite throw the request's `aborted` error from their handlers, which would be
 * an uncaught exception.
 */
export function createGracefulClose(server: Server): () => Promise<void> {
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
      handled(req, res).then(() => {
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

/** Resolves once the handler has ended the response, or the request was cut off before its body was complete. */
function handled(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.end = ((...args: unknown[]) => {
      resolve()
      return end(...args)
    }) as ServerResponse['end']
    req.once('close', () => {
      if (!req.complete) resolve()
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
