import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope } from '@clickstream/schema'
import { type Loopback, serveLoopback } from '@clickstream/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const WRITE_KEY = 'node-backend-test-key'
/** The real collector (memory sinks) on loopback: what the example delivered is in `sink`. */
const sink = createMemorySink()
const app = createApp({
  sink,
  rejectSink: createMemorySink(),
  sources: { [WRITE_KEY]: { id: 'node-backend' } },
})
const delivered = () => sink.records.flatMap((r) => decodeEnvelope(r.data).events)

let collector: Loopback
let child: ChildProcess | undefined
beforeAll(async () => {
  collector = await serveLoopback(app.fetch)
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await collector.close()
})

/** Starts the example server (tsx, from source) and resolves with its port once it listens. */
async function startExample(): Promise<{ url: string; lines: string[] }> {
  child = spawn(
    process.execPath,
    ['--conditions=@clickstream/source', '--import', 'tsx', 'src/entrypoints/node.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        PORT: '0',
        CLICKSTREAM_WRITE_KEY: WRITE_KEY,
        CLICKSTREAM_HOST: collector.url,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const lines: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    child?.once('exit', (code) => reject(new Error(`example exited early with ${code}`)))
    child?.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        lines.push(line)
        const entry = JSON.parse(line)
        if (entry.msg === 'listening') resolve(entry.port)
      }
    })
  })
  return { url: `http://127.0.0.1:${port}`, lines }
}

describe('examples/node-backend', () => {
  it('delivers queued events on SIGTERM (closeAndFlush) before the flush interval', async () => {
    const { url, lines } = await startExample()
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      })
    expect(
      (await post('/signup', { userId: 'u-42', email: 'a@example.com', anonymousId: 'anon-9' }))
        .status,
    ).toBe(201)
    const order = await post('/orders', { userId: 'u-42', total: 99.5, orderId: 'A-1' })
    expect(await order.json()).toEqual({ ok: true, messageId: 'order-A-1' })
    // Queued, not sent: the default flushInterval is 10 s and the batch (15) is not full.
    expect(delivered()).toHaveLength(0)

    const exited = once(child as ChildProcess, 'exit')
    child?.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
    expect(delivered().map((m) => [m.type, m.type === 'track' ? m.event : m.userId])).toEqual([
      ['identify', 'u-42'],
      ['alias', 'u-42'],
      ['track', 'Signed Up'],
      ['track', 'Order Completed'],
    ])
    expect(delivered()[3]).toMatchObject({
      messageId: 'order-A-1',
      properties: { total: 99.5 },
    })
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('analytics closed')
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ flushed: true, pending: 0 })
  })
})
