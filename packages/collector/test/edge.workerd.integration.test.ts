import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, gzip, track } from './helpers.js'

const KEY = 'workerd-key'
const PRIVATE_KEY = 'workerd-private-key'
let kinesis: LocalKinesis
let mf: Miniflare

/** The edge entry bundled the way a Workers build would: web conditions, no Node built-ins. */
async function bundleEdge(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('../src/entrypoints/edge.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['@clickstream/source', 'workerd', 'worker', 'browser', 'import'],
    logLevel: 'error',
  })
  return out.outputFiles[0]?.text ?? ''
}

beforeAll(async () => {
  kinesis = await startKinesalite()
  await kinesis.createStream('workerd-events', 1)
  mf = new Miniflare({
    modules: true,
    script: await bundleEdge(),
    compatibilityDate: '2024-09-23',
    bindings: {
      KINESIS_STREAM: 'workerd-events',
      KINESIS_ENDPOINT: kinesis.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      LINGER_MS: '0',
      SOURCES: JSON.stringify({
        [KEY]: { id: 'workerd-src', allowedOrigins: '*' },
        [PRIVATE_KEY]: {
          id: 'private-src',
          privacy: { hash: ['userId'], hashKey: 'h'.repeat(32), drop: ['properties.email'] },
        },
      }),
    },
  })
  await mf.ready
})
afterAll(async () => {
  await mf?.dispose()
  await kinesis?.close()
})

describe('edge entry under workerd (miniflare) → kinesalite', () => {
  it('accepts a gzip batch and writes it to the stream over fetch', async () => {
    const body = await gzip(
      JSON.stringify({ batch: [track({ messageId: 'wd-1' }), { type: 'track' }] }),
    )
    const res = await mf.dispatchFetch('http://collector.test/v1/batch', {
      method: 'POST',
      headers: {
        authorization: basic(KEY),
        'content-type': 'text/plain',
        'content-encoding': 'gzip',
        'cf-connecting-ip': '203.0.113.9',
      },
      body,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, accepted: 1, rejected: [{ index: 1 }] })
    const [record] = await kinesis.readAll('workerd-events')
    expect(decodeEnvelope(record?.data ?? new Uint8Array())).toMatchObject({
      sourceId: 'workerd-src',
      events: [{ messageId: 'wd-1', context: { ip: '203.0.113.9' } }],
    })
  })

  it("applies a source's privacy rules there too (HMAC through Web Crypto)", async () => {
    const res = await mf.dispatchFetch('http://collector.test/v1/batch', {
      method: 'POST',
      headers: { authorization: basic(PRIVATE_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [track({ messageId: 'wd-p', userId: 'u-1', properties: { email: 'a@b.example' } })],
      }),
    })
    expect(res.status).toBe(200)
    const envelopes = (await kinesis.readAll('workerd-events')).map((r) => decodeEnvelope(r.data))
    const event = envelopes.find((e) => e.sourceId === 'private-src')?.events[0]
    expect(event?.userId).toMatch(/^[0-9a-f]{64}$/)
    expect(event?.properties).toEqual({})
  })

  it('answers preflights, readiness and errors', async () => {
    const preflight = await mf.dispatchFetch('http://collector.test/v1/t', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect((await mf.dispatchFetch('http://collector.test/ready')).status).toBe(200)
    const bad = await mf.dispatchFetch('http://collector.test/v1/batch', {
      method: 'POST',
      headers: { authorization: basic(KEY) },
      body: '{"batch":',
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'malformed_json' } })
  })
})
