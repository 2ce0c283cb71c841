import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import { serveLoopback } from '@clickstream/test-support'

export const WRITE_KEY = 'sdk-node-test-key'

export interface SeenRequest {
  path: string
  contentType: string | null
  contentEncoding: string | null
  authorization: string | null
  /** Bytes as sent (before inflating). */
  wireBytes: number
}

export interface LoopbackCollector {
  url: string
  /** Requests as they arrived, in order. */
  requests: SeenRequest[]
  /** Every message written to the memory sink, in order. */
  messages(): EnrichedMessage[]
  /** Events the collector rejected (invalid), with reasons. */
  rejectedCount(): number
  close(): Promise<void>
}

/**
 * The real collector (`createApp` with memory sinks) on a free loopback port (`serveLoopback`). Requests are recorded before the app sees them (unless `record: false`).
 */
export async function startCollector(
  options: { record?: boolean } = {},
): Promise<LoopbackCollector> {
  const record = options.record ?? true
  const sink = createMemorySink()
  const rejectSink = createMemorySink()
  const app = createApp({ sink, rejectSink, sources: { [WRITE_KEY]: { id: 'node-backend' } } })
  const requests: SeenRequest[] = []
  const server = await serveLoopback(async (request) => {
    if (!record) return app.fetch(request)
    const bytes = await request.clone().arrayBuffer()
    requests.push({
      path: new URL(request.url).pathname,
      contentType: request.headers.get('content-type'),
      contentEncoding: request.headers.get('content-encoding'),
      authorization: request.headers.get('authorization'),
      wireBytes: bytes.byteLength,
    })
    return app.fetch(request)
  })
  return {
    ...server,
    requests,
    messages: () => sink.records.flatMap((r) => decodeEnvelope(r.data).events),
    rejectedCount: () => rejectSink.records.length,
  }
}
