import {
  decodeEnvelope,
  decodeRejected,
  type Envelope,
  type RejectedRecord,
} from '@clickstream/schema'
import { createApp } from '../src/app.js'
import type { CollectorOptions } from '../src/options.js'
import { createMemorySink, type MemorySink } from '../src/sink/memory.js'

export const WRITE_KEY = 'test-write-key'
export const OTHER_KEY = 'other-write-key'
export const NOW = Date.parse('2026-02-01T10:00:00.000Z')

export const basic = (key: string) => `Basic ${btoa(`${key}:`)}`

export interface TestCollector {
  app: ReturnType<typeof createApp>
  sink: MemorySink
  rejectSink: MemorySink
  envelopes(): Envelope[]
  rejected(): RejectedRecord[]
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>
}

export function testCollector(options: Partial<CollectorOptions> = {}): TestCollector {
  const sink = createMemorySink()
  const rejectSink = createMemorySink()
  let id = 0
  const app = createApp({
    sink,
    rejectSink,
    sources: {
      [WRITE_KEY]: { id: 'web', allowedOrigins: ['https://shop.example.com'] },
      [OTHER_KEY]: { id: 'server' },
    },
    now: () => NOW,
    newMessageId: () => `generated-${++id}`,
    ...options,
  })
  return {
    app,
    sink,
    rejectSink,
    envelopes: () => sink.records.map((r) => decodeEnvelope(r.data)),
    rejected: () =>
      rejectSink.records.map((r) => {
        const decoded = decodeRejected(r.data)
        if (!decoded.ok) throw new Error('bad rejected record')
        return decoded.value
      }),
    post: (path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: basic(WRITE_KEY),
            ...headers,
          },
          body:
            typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
        }),
      ),
  }
}

export const track = (over: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Clicked',
  anonymousId: 'anon-1',
  messageId: `m-${Math.random().toString(36).slice(2)}`,
  ...over,
})

export async function gzip(text: string | Uint8Array): Promise<Uint8Array> {
  const input = typeof text === 'string' ? new TextEncoder().encode(text) : text
  const stream = new Blob([input]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** What `run` throws, or `undefined` when it returns. */
export function thrown(run: () => unknown): Error | undefined {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  return undefined
}
