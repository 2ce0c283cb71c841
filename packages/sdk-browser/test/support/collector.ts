import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the fault hook decides for one request: answer normally, or fail before or after accepting. */
export type Fault =
  | { type: 'ok' }
  | { type: 'fail'; status: number; retryAfter?: string }
  /** Accept the events, then answer an error: the client retries events already received. */
  | { type: 'fail-after-accept'; status: number }

export interface Receipt {
  method: string
  path: string
  contentType: string | undefined
  authorization: string | undefined
  status: number
  messageIds: string[]
}

export interface TestCollector {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string
  /** Every message accepted, in arrival order (duplicates included). */
  accepted: Record<string, unknown>[]
  /** Every request, whatever happened to it. */
  requests: Receipt[]
  /** Accepted messages, one per messageId (the collector's and sessionizer's dedupe). */
  unique(): Record<string, unknown>[]
  /** Decides each `POST /v1/batch` (the n-th, and what came in); default: accept all. */
  setFault(fault: (n: number, request: Receipt) => Fault): void
  close(): Promise<void>
}

/**
 * A small real collector on loopback speaking `POST /v1/batch` (text/plain or application/json
 * JSON, CORS-enabled like the real one) and recording what it accepts, with a fault hook.
 * Stand-in until `@clickstream/collector` lands on main; it can be swapped for `createApp` with
 * its memory sink behind the same fault wrapper.
 */
export async function startCollector(): Promise<TestCollector> {
  let fault: (n: number, request: Receipt) => Fault = () => ({ type: 'ok' })
  let n = 0
  const accepted: Record<string, unknown>[] = []
  const requests: Receipt[] = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After')
    const receipt: Receipt = {
      method: req.method ?? '',
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      status: 0,
      messageIds: [],
    }
    requests.push(receipt)
    const answer = (status: number, headers: Record<string, string> = {}) => {
      receipt.status = status
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(JSON.stringify({ success: status < 300 }))
    }
    if (req.method === 'OPTIONS') return answer(204, { 'Access-Control-Allow-Headers': '*' })
    if (req.method !== 'POST' || req.url !== '/v1/batch') return answer(404)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: { batch?: Record<string, unknown>[]; writeKey?: string }
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return answer(400)
    }
    const batch = Array.isArray(body.batch) ? body.batch : []
    receipt.messageIds = batch.map((m) => String(m.messageId))
    if (!body.writeKey) return answer(401)
    const decision = fault(n++, receipt)
    if (decision.type === 'fail')
      return answer(
        decision.status,
        decision.retryAfter ? { 'Retry-After': decision.retryAfter } : {},
      )
    accepted.push(...batch)
    answer(decision.type === 'ok' ? 200 : decision.status)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    unique() {
      const seen = new Map<string, Record<string, unknown>>()
      for (const m of accepted) if (!seen.has(String(m.messageId))) seen.set(String(m.messageId), m)
      return [...seen.values()]
    },
    setFault(next) {
      fault = next
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
