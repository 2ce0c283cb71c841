import { request as httpRequest } from 'node:http'
import type { LocalKinesis } from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningCollector } from '../src/entrypoints/node.js'
import { basic, gzip, track } from './helpers.js'
import { type NodeOnKinesalite, startNodeOnKinesalite } from './node-on-kinesalite.js'

const KEY = 'node-key'
let kinesis: LocalKinesis
let collector: RunningCollector
let running: NodeOnKinesalite | undefined

beforeAll(async () => {
  running = await startNodeOnKinesalite({ key: KEY, id: 'node-src' }, { BODY_TIMEOUT_MS: '300' })
  ;({ kinesis, collector } = running)
})
afterAll(async () => {
  await running?.close()
})

const post = (path: string, body: RequestInit['body'], headers: Record<string, string> = {}) =>
  fetch(`${collector.url}${path}`, {
    method: 'POST',
    headers: { authorization: basic(KEY), 'content-type': 'text/plain', ...headers },
    body,
  })

describe('Node entry (real HTTP server → kinesalite)', () => {
  it('writes a gzip batch to the stream and invalid events to the rejected stream', async () => {
    const body = await gzip(
      JSON.stringify({ batch: [track({ messageId: 'n1' }), { type: 'track' }] }),
    )
    const res = await post('/v1/batch', body, { 'content-encoding': 'gzip' })
    expect(await res.json()).toMatchObject({ ok: true, accepted: 1, rejected: [{ index: 1 }] })
    const [record] = await kinesis.readAll('events')
    const envelope = decodeEnvelope(record?.data ?? new Uint8Array())
    expect(envelope).toMatchObject({ key: 'anon-1', sourceId: 'node-src' })
    expect(envelope.events[0]?.context?.ip).toBe('127.0.0.1')
    expect(await kinesis.readAll('rejected')).toHaveLength(1)
  })

  it('exposes Prometheus counters on /metrics', async () => {
    const text = await (await fetch(`${collector.url}/metrics`)).text()
    expect(text).toMatch(/^collector_events_accepted_total [1-9]/m)
    expect(text).toMatch(/^collector_records_written_total\{sink="events"\} [1-9]/m)
  })

  it('reads bodies straight from the socket: chunked, split across writes, declared too large, not UTF-8', async () => {
    const body = Buffer.from(JSON.stringify({ batch: [track({ messageId: 'chunked-é' })] }))
    const send = (headers: Record<string, string | number>, parts: Buffer[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${collector.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: basic(KEY), ...headers },
        })
        req.on('response', (res) => {
          let text = ''
          res.on('data', (d: Buffer) => {
            text += d
          })
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text })
            req.destroy()
          })
        })
        req.on('error', reject)
        // Split inside a multi-byte character: decoding happens on the whole body.
        for (const part of parts) req.write(part)
        // A declared body that is never sent: the answer must come from the headers alone.
        if (parts.length > 0) req.end()
        else req.flushHeaders()
      })
    const cut = body.indexOf('é') + 1
    const chunked = await send({ 'transfer-encoding': 'chunked' }, [
      body.subarray(0, cut),
      body.subarray(cut),
    ])
    expect(chunked.status).toBe(200)
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: true, accepted: 1 })

    const declared = await send({ 'content-length': 600 * 1024 }, [])
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error.code).toBe('payload_too_large')

    const latin1 = Buffer.from('{"batch":[{"type":"track","event":"caf\xe9"}]}', 'latin1')
    const notUtf8 = await send({ 'content-length': latin1.length }, [latin1])
    expect(notUtf8.status).toBe(400)
    expect(JSON.parse(notUtf8.body).error.code).toBe('malformed_json')
  })

  it('keeps serving after a client hangs up in the middle of a body', async () => {
    await new Promise<void>((resolve) => {
      // `100 Continue` says the server has the request: the hang-up is in the middle of its body.
      const req = httpRequest(`${collector.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic(KEY), 'content-length': '5000', expect: '100-continue' },
      })
      req.on('continue', () => req.write('{"batch":[', () => req.destroy()))
      req.on('error', () => resolve())
      req.on('close', () => resolve())
      req.flushHeaders()
    })
    const res = await post('/v1/t', JSON.stringify(track({ messageId: 'after-hangup' })))
    expect(res.status).toBe(200)
  })

  it('refuses a 100 MB streamed body with 413 without reading it all', async () => {
    let sent = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${collector.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic(KEY), 'transfer-encoding': 'chunked' },
      })
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0)
        res.resume()
        req.destroy()
      })
      req.on('error', (error) => (sent > 0 ? undefined : reject(error)))
      const pump = () => {
        while (sent < 100 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.byteLength
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (!req.destroyed) req.end()
      }
      pump()
    })
    expect(status).toBe(413)
    expect(sent).toBeLessThan(50 * 1024 * 1024)
  })

  it('times out a slowloris body with 408', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${collector.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic(KEY), 'content-length': '1000' },
      })
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0)
        res.resume()
        req.destroy()
      })
      req.on('error', reject)
      req.write('{"batch":[')
    })
    expect(status).toBe(408)
  })

  it('finishes in-flight requests on close, then refuses connections', async () => {
    // The request is provably in flight: the server has its headers (it answered `100 Continue`)
    // and half the body is sent before close(), the rest after; a graceful close must still answer it.
    const body = Buffer.from(JSON.stringify(track({ messageId: 'last-one' })))
    const { port } = new URL(collector.url)
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/t',
      headers: {
        authorization: basic(KEY),
        'content-type': 'text/plain',
        'content-length': body.length,
        expect: '100-continue',
      },
    })
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
    })
    req.flushHeaders()
    await new Promise((resolve) => req.once('continue', resolve))
    await new Promise((resolve) => req.write(body.subarray(0, 10), resolve))
    const closing = collector.close()
    req.end(body.subarray(10))
    expect(await answered).toBe(200)
    await closing
    await expect(fetch(`${collector.url}/health`)).rejects.toThrow()
    const ids = (await kinesis.readAll('events')).flatMap((r) =>
      decodeEnvelope(r.data).events.map((e) => e.messageId),
    )
    expect(ids).toContain('last-one')
  })
})
