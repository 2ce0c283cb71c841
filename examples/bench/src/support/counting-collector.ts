import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope } from '@clickstream/schema'
import { type Loopback, serveLoopback } from '@clickstream/test-support'

export const WRITE_KEY = 'wk_bench'

export interface Traffic {
  /** POST requests and the bytes of their bodies, as sent (compressed if the client compressed). */
  posts: number
  bodyBytes: number
  /** CORS preflights (`OPTIONS`). */
  preflights: number
}

export interface CountingCollector extends Loopback {
  /** Events accepted into the memory sink (its Kinesis envelopes, decoded). */
  accepted(): number
  traffic(): Traffic
  /** Forgets the events and the traffic counted so far. */
  reset(): void
}

/**
 * The real collector (`createApp` with memory sinks, any origin allowed) on loopback, counting the
 * requests and request-body bytes that reach it.
 */
export async function startCountingCollector(): Promise<CountingCollector> {
  const sink = createMemorySink()
  const app = createApp({
    sink,
    rejectSink: createMemorySink(),
    sources: { [WRITE_KEY]: { id: 'bench', allowedOrigins: '*' } },
  })
  let traffic: Traffic = { posts: 0, bodyBytes: 0, preflights: 0 }
  let seen = 0
  let events = 0
  const server = await serveLoopback(async (request) => {
    if (request.method === 'OPTIONS') traffic.preflights++
    if (request.method === 'POST') {
      traffic.posts++
      traffic.bodyBytes += (await request.clone().arrayBuffer()).byteLength
    }
    return app.fetch(request)
  })
  return {
    ...server,
    accepted() {
      for (; seen < sink.records.length; seen++)
        events += decodeEnvelope((sink.records[seen] as { data: Uint8Array }).data).events.length
      return events
    },
    traffic: () => ({ ...traffic }),
    reset() {
      traffic = { posts: 0, bodyBytes: 0, preflights: 0 }
      seen = sink.records.length
      events = 0
    },
  }
}
