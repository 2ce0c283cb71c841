import type { AddressInfo } from 'node:net'
import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope } from '@clickstream/schema'
import { serve } from '@hono/node-server'

/** What the fault hook decides for one request: answer normally, or fail before or after accepting. */
export type Fault =
  | { type: 'ok' }
  | { type: 'fail'; status: number; retryAfter?: string }
  /** Let the collector accept the events, then answer an error: the client sends them again. */
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
  /** Every message the collector accepted into its stream (memory sink), duplicates included. */
  accepted(): Record<string, unknown>[]
  /** Every request, whatever happened to it. */
  requests: Receipt[]
  /** How many events the collector refused as invalid (its rejected-events sink). */
  rejected(): number
  /** Accepted messages, one per messageId (the dedupe the sessionizer does). */
  unique(): Record<string, unknown>[]
  /** Decides each `POST` (the n-th, and what came in); default: pass everything to the collector. */
  setFault(fault: (n: number, request: Receipt) => Fault): void
  close(): Promise<void>
}

export const WRITE_KEY = 'wk_e2e'

/**
 * The real collector (`createApp` with memory sinks) on loopback via `@hono/node-server`, behind a
 * fault-injecting wrapper. Accepted events are read back from the sink's Kinesis envelopes.
 */
export async function startCollector(): Promise<TestCollector> {
  const sink = createMemorySink()
  const rejectSink = createMemorySink()
  const app = createApp({
    sink,
    rejectSink,
    sources: { [WRITE_KEY]: { id: 'e2e', allowedOrigins: '*' } },
  })
  let fault: (n: number, request: Receipt) => Fault = () => ({ type: 'ok' })
  let n = 0
  const requests: Receipt[] = []

  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const receipt: Receipt = {
      method: request.method,
      path: url.pathname,
      contentType: request.headers.get('content-type') ?? undefined,
      authorization: request.headers.get('authorization') ?? undefined,
      status: 0,
      messageIds: [],
    }
    requests.push(receipt)
    if (request.method === 'POST') {
      try {
        const body = JSON.parse(await request.clone().text()) as {
          batch?: { messageId?: string }[]
        }
        receipt.messageIds = (body.batch ?? []).map((m) => String(m.messageId))
      } catch {}
    }
    const decision = request.method === 'POST' ? fault(n++, receipt) : { type: 'ok' as const }
    let response: Response
    if (decision.type === 'fail') {
      response = failure(request, decision.status, decision.retryAfter)
    } else {
      response = await app.fetch(request)
      if (decision.type === 'fail-after-accept' && response.ok) {
        response = failure(request, decision.status)
      }
    }
    receipt.status = response.status
    return response
  }

  const accepted = () =>
    sink.records.flatMap(
      (r) => decodeEnvelope(r.data).events as unknown as Record<string, unknown>[],
    )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    rejected: () => rejectSink.records.length,
    unique() {
      const seen = new Map<string, Record<string, unknown>>()
      for (const m of accepted())
        if (!seen.has(String(m.messageId))) seen.set(String(m.messageId), m)
      return [...seen.values()]
    },
    setFault(next) {
      fault = next
    },
    close: () =>
      new Promise((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An injected failure, readable by the page (CORS headers like the collector's own answers). */
function failure(request: Request, status: number, retryAfter?: string): Response {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': request.headers.get('origin') ?? '*',
    'Access-Control-Expose-Headers': 'Retry-After',
  }
  if (retryAfter) headers['Retry-After'] = retryAfter
  return new Response(JSON.stringify({ error: 'injected fault' }), { status, headers })
}
