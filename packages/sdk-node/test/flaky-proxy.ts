import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

/** What the proxy does with the n-th request (0-based). */
export type Fault =
  /** Forward to the collector and relay its answer. */
  | 'pass'
  /** Answer this status without forwarding (with `Retry-After` when given). */
  | { status: number; retryAfter?: string }
  /** Destroy the socket without answering, before forwarding. */
  | 'reset'
  /** Forward (the collector stores the events), then destroy the socket: the client must retry. */
  | 'pass-then-reset'
  /** Never answer. */
  | 'hang'
  /** Forward after this many ms (a slow collector). */
  | { delay: number }

export interface ProxyRequest {
  /** `Date.now()` at arrival (fake under fake timers). */
  at: number
  fault: Fault
  messageIds: string[]
  retryCount: string | undefined
}

export interface FlakyProxy {
  url: string
  requests: ProxyRequest[]
  close(): Promise<void>
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A local HTTP server in front of the collector that injects faults per request. */
export async function startFlakyProxy(
  target: string,
  plan: (n: number) => Fault,
): Promise<FlakyProxy> {
  const requests: ProxyRequest[] = []
  const forward = async (req: IncomingMessage, body: Buffer, res: ServerResponse | undefined) => {
    const headers: Record<string, string> = {}
    for (const name of ['content-type', 'content-encoding', 'authorization']) {
      const value = req.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    const answer = await fetch(`${target}${req.url}`, { method: 'POST', headers, body })
    const text = await answer.text()
    res?.writeHead(answer.status, { 'content-type': 'application/json' }).end(text)
  }
  const server = createServer(async (req, res) => {
    const fault = plan(requests.length)
    const at = Date.now()
    const body = await readBody(req)
    const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body
    const messageIds = (JSON.parse(raw.toString('utf8')).batch as { messageId: string }[]).map(
      (m) => m.messageId,
    )
    const retryCount = req.headers['x-retry-count'] as string | undefined
    requests.push({ at, fault, messageIds, retryCount })
    if (fault === 'pass') return forward(req, body, res)
    if (fault === 'reset') return req.socket.destroy()
    if (fault === 'hang') return
    if (fault === 'pass-then-reset') {
      await forward(req, body, undefined)
      return req.socket.destroy()
    }
    if ('delay' in fault) {
      await new Promise((resolve) => realSetTimeout(resolve, fault.delay))
      return forward(req, body, res)
    }
    res
      .writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {})
      .end('{"ok":false}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** `setTimeout` as it was before any test faked it. */
const realSetTimeout = globalThis.setTimeout
