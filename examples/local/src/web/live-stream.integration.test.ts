import { once } from 'node:events'
import { connect } from 'node:net'
import { type Loopback, serveLoopback, waitFor } from '@clickstream/test-support'
import { afterEach, describe, expect, it } from 'vitest'
import { webAppOptions } from '../../test/support/web-app.js'
import { createEventFeed, type EventFeed } from './event-feed.js'
import { createWebApp } from './web-app.js'

const BOUND = 256 * 1024
const raw = 'x'.repeat(30_000)
let server: Loopback | undefined
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await server?.close()
})

async function start() {
  const feed = createEventFeed()
  const logged: string[] = []
  const web = createWebApp(
    webAppOptions({ feed, maxBufferedBytes: BOUND, log: (message) => logged.push(message) }),
  )
  server = await serveLoopback(web.fetch)
  return { feed, logged, url: server.url }
}

/** A client that reads the stream as it comes: the seqs of the entries it got. */
async function reader(url: string) {
  const aborting = new AbortController()
  cleanups.push(() => aborting.abort())
  const res = await fetch(`${url}/api/stream`, { signal: aborting.signal })
  const seqs: number[] = []
  let text = ''
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true })
      const frames = text.split('\n\n')
      text = frames.pop() ?? ''
      for (const frame of frames) {
        const id = /^id: (\d+)$/m.exec(frame)?.[1]
        if (id) seqs.push(Number(id))
      }
    }
  })().catch(() => {})
  return seqs
}

/** A client that reads the stream's first frame (it is connected), then stops reading. */
async function stalled(url: string) {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  cleanups.push(() => socket.destroy())
  await once(socket, 'connect')
  socket.on('error', () => {}) // a reset is how the server drops it
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  let received = ''
  const collect = (chunk: Buffer) => {
    received += chunk.toString()
  }
  socket.on('data', collect)
  socket.write(`GET /api/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`)
  await waitFor(() => received.includes('event: stats'), { what: 'the first frame' })
  socket.pause()
  const ids = () => [...received.matchAll(/^id: (\d+)$/gm)].length
  return { socket, closed, ids }
}

const addBig = (feed: EventFeed, n: number) => {
  for (let i = 0; i < n; i++)
    feed.add({ kind: 'rejected', at: Date.now(), sourceId: 's', issues: [], raw })
}

const liveStats = async (url: string) =>
  (
    (await (await fetch(`${url}/api/stats`)).json()) as {
      stream?: { clients: number; droppedSlowClients: number }
    }
  ).stream

describe('live stream: a client that stops reading', () => {
  it('is disconnected once it is the bound behind; a client that reads gets every entry', async () => {
    const { feed, logged, url } = await start()
    const fast = await reader(url)
    const slow = await stalled(url)

    // Bursts of 4 entries (120 KB, under the bound), each read by the fast client before the next,
    // until the slow one is dropped: past the kernel's socket buffers (a few MB), then the bound.
    let sent = 0
    while (sent < 1000 && (await liveStats(url))?.droppedSlowClients !== 1) {
      addBig(feed, 4)
      sent += 4
      await waitFor(() => fast.at(-1) === sent, {
        what: () => `entry ${sent} (got ${fast.at(-1)})`,
      })
    }
    // The dropped client finds its connection cut once it reads again, short of the entries sent.
    slow.socket.resume()
    let cut = false
    void slow.closed.then(() => {
      cut = true
    })
    await waitFor(() => cut, {
      what: () => `the slow client cut off (it got ${slow.ids()} of ${sent})`,
    })
    expect(slow.ids()).toBeLessThan(sent)

    expect(await liveStats(url)).toEqual({ clients: 1, droppedSlowClients: 1 })
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/disconnected a client \d+ bytes behind/)

    // The reader is unaffected: every entry, in order, and the next ones too.
    addBig(feed, 8)
    await waitFor(() => fast.length === sent + 8, { what: 'the entries after the drop' })
    expect(fast).toEqual(Array.from({ length: sent + 8 }, (_, i) => i + 1))
    expect(logged).toHaveLength(1)
    expect(await liveStats(url)).toEqual({ clients: 1, droppedSlowClients: 1 })
  })
})
