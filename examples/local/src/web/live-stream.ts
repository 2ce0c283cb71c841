import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { type ClientBuffer, createClientBuffer, sseFrame } from './client-buffer.js'
import type { EventFeed } from './event-feed.js'

/**
 * How far (bytes) a live-stream client may fall behind before it is disconnected: 4 MiB. A browser
 * that reads is never near it: the feed tail adds at most one poll batch at a time (about 75 events,
 * ~100 KB, at `pnpm simulate`'s 500 events/s), and even 100 events at the 32 KB message limit fit.
 * Frames are shared between clients, so all slow clients together hold at most about this much
 * of the newest events, not a copy each.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export interface LiveStreamOptions {
  feed: EventFeed
  /** The numbers of the `stats` events: sent on connect, then every `statsIntervalMs`. */
  stats: () => Record<string, unknown>
  /** @default 1000 */
  statsIntervalMs?: number
  /** Bytes a client may be behind before it is disconnected. @default 4 MiB ({@link DEFAULT_MAX_BUFFERED_BYTES}) */
  maxBufferedBytes?: number
  /** Ends every stream when aborted (the server is closing), and refuses new ones. */
  signal?: AbortSignal
  /** Told once for each client disconnected for falling behind. */
  onSlowClient?: (detail: { bufferedBytes: number; dropped: number }) => void
}

export interface LiveStream {
  /** `GET /api/stream`: `entry` events (one per feed entry, `id` = its seq) and `stats` events. */
  respond<E extends { Bindings: Partial<HttpBindings> }>(c: Context<E>): Response
  /** Clients connected now; clients disconnected for falling behind since the start. */
  stats(): { clients: number; droppedSlowClients: number }
}

interface Client {
  buffer: ClientBuffer
  disconnect(): void
}

/**
 * The live views' server-sent events: one feed subscription for all clients, each entry formatted
 * once, each client with its own bounded buffer. A client that falls `maxBufferedBytes` behind
 * (it stopped reading) is disconnected, counted and reported once; the others are not slowed.
 */
export function createLiveStream(o: LiveStreamOptions): LiveStream {
  const maxBytes = o.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  const clients = new Set<Client>()
  let dropped = 0
  let timer: ReturnType<typeof setInterval> | undefined
  const statsFrame = () => sseFrame('stats', JSON.stringify(o.stats()))

  const remove = (client: Client) => {
    clients.delete(client)
    client.buffer.close()
    if (clients.size === 0) {
      clearInterval(timer)
      timer = undefined
    }
  }
  const drop = (client: Client) => {
    const bufferedBytes = client.buffer.bufferedBytes()
    remove(client)
    dropped++
    client.disconnect()
    o.onSlowClient?.({ bufferedBytes, dropped })
  }
  o.feed.subscribe((entry) => {
    if (clients.size === 0) return
    const frame = sseFrame('entry', JSON.stringify(entry), entry.seq)
    for (const client of clients) if (!client.buffer.offer(frame)) drop(client)
  })
  o.signal?.addEventListener('abort', () => clients.forEach(remove), { once: true })
  const broadcastStats = () => {
    const frame = statsFrame()
    for (const client of clients) client.buffer.snapshot(frame)
  }

  return {
    respond: (c) =>
      streamSSE(c, async (stream) => {
        if (o.signal?.aborted) return
        const client: Client = {
          buffer: createClientBuffer(maxBytes),
          disconnect: () => {
            stream.abort()
            // A client that does not read would never take what is already in the socket, nor the
            // end after it: reset the connection, which frees it at once (Node server; in-process
            // requests have no socket).
            c.env?.outgoing?.socket?.resetAndDestroy()
          },
        }
        clients.add(client)
        stream.onAbort(() => remove(client))
        client.buffer.snapshot(statsFrame())
        timer ??= setInterval(broadcastStats, o.statsIntervalMs ?? 1000)
        for (let frame = await client.buffer.take(); frame; frame = await client.buffer.take())
          await stream.write(frame.text)
        remove(client)
      }),
    stats: () => ({ clients: clients.size, droppedSlowClients: dropped }),
  }
}
