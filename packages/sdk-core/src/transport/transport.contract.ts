import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { StoredEvent } from '../event-store/event-store.js'
import { buildMessage } from '../message/build-message.js'
import type { Transport } from './transport.js'

/** The far end of the wire for the contract: a real collector whose answers can be forced. */
export interface TransportContractServer {
  /** The collector's batch endpoint (`…/v1/batch`). */
  url: string
  /** An endpoint where no response ever comes (see {@link startUnreachable}). */
  unreachableUrl: string
  /**
   * Every following `POST` is answered `status` (and `Retry-After` when given) without reaching
   * the collector; `undefined`: the collector answers again.
   */
  force(answer: { status: number; retryAfter?: string } | undefined): void
  /** Every message the collector accepted so far, in order. */
  accepted(): Record<string, unknown>[]
  close(): Promise<void>
}

export interface TransportContractOptions {
  /** Starts the far end, once for the suite. */
  start(): Promise<TransportContractServer>
  /**
   * The adapter, sending to `url`. An adapter that runs in a browser page is wrapped in a
   * transport whose `send` runs there (its `error` may then arrive as text).
   */
  create(url: string): Transport
  /**
   * What a send reports: the collector's status (`answered`), or always status 0 without an
   * error (`fire-and-forget`: `sendBeacon` cannot see the answer, so nothing is ever taken as
   * delivered and the events stay queued until a later 2xx).
   * @default 'answered'
   */
  delivery?: 'answered' | 'fire-and-forget'
  /**
   * What `{ unloading: true }` does: a fire-and-forget send that outlives the page
   * (`fire-and-forget`), or nothing different (`ignored`: servers have no unload).
   */
  unloading: 'fire-and-forget' | 'ignored'
}

let seq = 0
/** Real messages as the SDKs queue them (`buildMessage`), non-ASCII text included. */
export function contractEvents(n: number, padBytes = 0): StoredEvent[] {
  const run = ++seq
  return Array.from({ length: n }, (_, i) => {
    const built = buildMessage(
      {
        type: 'track',
        event: 'Contract Checked',
        anonymousId: `anon-contract-${run}`,
        properties: { run, i, text: 'café ✓ 日本 🚀', pad: 'x'.repeat(padBytes) },
      },
      { context: { library: { name: 'transport-contract', version: '0.0.0' } } },
    )
    if (!built.ok) throw new Error(built.reason)
    return built.event
  })
}

/**
 * A loopback TCP port that closes every connection as it arrives: a request there gets no
 * response, deterministically (a port nobody listens on might be taken by then).
 */
export async function startUnreachable(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/v1/batch`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The behaviour every `Transport` adapter must have. Each adapter's test calls this. */
export function testTransport(name: string, adapter: TransportContractOptions): void {
  const fireAndForget = adapter.delivery === 'fire-and-forget'

  describe(`Transport contract: ${name}`, () => {
    let server: TransportContractServer
    beforeAll(async () => {
      server = await adapter.start()
    })
    afterEach(() => server.force(undefined))
    afterAll(async () => server?.close())

    /** The accepted messages among `events`, in the order the collector took them. */
    const arrived = (events: readonly StoredEvent[]) => {
      const ids = new Set(events.map((e) => e.id))
      return server.accepted().filter((m) => ids.has(String(m.messageId)))
    }
    const asSent = (events: readonly StoredEvent[]) =>
      events.map((e) => {
        const { messageId, type, event, anonymousId, properties } = JSON.parse(e.json)
        return { messageId, type, event, anonymousId, properties }
      })
    /** Waits until the collector has every one of `events` (fire-and-forget sends land later). */
    const landed = (events: readonly StoredEvent[]) =>
      vi.waitFor(() => expect(arrived(events)).toHaveLength(events.length), {
        timeout: 15_000,
        interval: 20,
      })

    if (!fireAndForget) {
      it('delivers the batch the collector accepts, unchanged, and answers its 2xx status', async () => {
        const events = contractEvents(3)
        const result = await adapter.create(server.url).send(events)
        expect(result.status).toBe(200)
        expect(result.error).toBeUndefined()
        expect(arrived(events)).toEqual(asSent(events).map((m) => expect.objectContaining(m)))
      })

      it('delivers a batch larger than the 64 KB keepalive budget', async () => {
        const events = contractEvents(10, 12_000)
        expect((await adapter.create(server.url).send(events)).status).toBe(200)
        expect(arrived(events)).toHaveLength(10)
      })

      it('delivers concurrent sends, each answered', async () => {
        const transport = adapter.create(server.url)
        const batches = Array.from({ length: 5 }, () => contractEvents(4))
        const results = await Promise.all(batches.map((events) => transport.send(events)))
        expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
        expect(arrived(batches.flat())).toHaveLength(20)
      })

      it('answers 4xx and 5xx statuses as they came, without Retry-After when there is none', async () => {
        const transport = adapter.create(server.url)
        for (const status of [400, 401, 413, 500, 503]) {
          server.force({ status })
          const events = contractEvents(1)
          const result = await transport.send(events)
          expect(result.status).toBe(status)
          expect(result.retryAfter ?? null).toBeNull()
          expect(arrived(events)).toEqual([])
        }
      })

      it('surfaces Retry-After, as seconds or as an HTTP date', async () => {
        const transport = adapter.create(server.url)
        server.force({ status: 429, retryAfter: '7' })
        expect(await transport.send(contractEvents(1))).toMatchObject({
          status: 429,
          retryAfter: '7',
        })
        server.force({ status: 503, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' })
        expect(await transport.send(contractEvents(1))).toMatchObject({
          status: 503,
          retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
        })
      })

      it('answers status 0 with the error when no response comes, never a throw', async () => {
        const result = await adapter.create(server.unreachableUrl).send(contractEvents(2))
        expect(result.status).toBe(0)
        expect(result.error).toBeTruthy()
      })
    } else {
      it('hands the batch over, reporting status 0 without an error; the collector gets it', async () => {
        const events = contractEvents(3)
        expect(await adapter.create(server.url).send(events)).toEqual({ status: 0 })
        await landed(events)
        expect(arrived(events)).toEqual(asSent(events).map((m) => expect.objectContaining(m)))
      })

      it('reports status 0 whatever the collector answers, and never throws', async () => {
        server.force({ status: 500 })
        expect(await adapter.create(server.url).send(contractEvents(1))).toEqual({ status: 0 })
        expect(await adapter.create(server.unreachableUrl).send(contractEvents(1))).toEqual({
          status: 0,
        })
      })
    }

    if (adapter.unloading === 'ignored') {
      it('sends an unloading batch like any other', async () => {
        const events = contractEvents(2)
        const result = await adapter.create(server.url).send(events, { unloading: true })
        expect(result.status).toBe(fireAndForget ? 0 : 200)
        await landed(events)
      })
    } else {
      it('fires an unloading batch and forgets it: status 0, never taken as delivered; it lands', async () => {
        const events = contractEvents(2)
        expect(await adapter.create(server.url).send(events, { unloading: true })).toEqual({
          status: 0,
        })
        await landed(events)
      })
    }
  })
}
