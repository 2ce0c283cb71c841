import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import worker, { createEdgeApp } from '../src/entrypoints/edge.js'
import { ConfigError } from '../src/errors.js'
import { basic, track } from './helpers.js'

const KEY = 'edge-key'
let kinesis: LocalKinesis
let env: Record<string, string>

beforeAll(async () => {
  kinesis = await startKinesalite()
  await kinesis.createStream('edge-events', 1)
  env = {
    KINESIS_STREAM: 'edge-events',
    KINESIS_ENDPOINT: kinesis.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LINGER_MS: '0',
    SOURCES: JSON.stringify({ [KEY]: { id: 'edge-src', allowedOrigins: '*' } }),
  }
})
afterAll(async () => {
  await kinesis?.close()
})

describe('edge entry (module worker fetch, Kinesis over fetch → kinesalite)', () => {
  it('refuses a stream without AWS credentials with a ConfigError', () => {
    const { AWS_ACCESS_KEY_ID: _, ...noKey } = env
    expect(() => createEdgeApp(noKey)).toThrow(ConfigError)
  })

  it('writes events with the platform’s client address', async () => {
    const res = await worker.fetch(
      new Request('https://collector.example/v1/batch', {
        method: 'POST',
        headers: {
          authorization: basic(KEY),
          'content-type': 'text/plain',
          'cf-connecting-ip': '203.0.113.5',
          origin: 'https://any.example',
        },
        body: JSON.stringify({ batch: [track({ messageId: 'edge-1' })] }),
      }),
      env,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://any.example')
    const [record] = await kinesis.readAll('edge-events')
    const envelope = decodeEnvelope(record?.data ?? new Uint8Array())
    expect(envelope).toMatchObject({
      sourceId: 'edge-src',
      events: [{ messageId: 'edge-1', context: { ip: '203.0.113.5' } }],
    })
  })

  it('answers /ready from the stream', async () => {
    const ready = await worker.fetch(new Request('https://collector.example/ready'), env)
    expect(ready.status).toBe(200)
    const missing = await worker.fetch(new Request('https://collector.example/ready'), {
      ...env,
      KINESIS_STREAM: 'nope',
    })
    expect(missing.status).toBe(503)
  })
})
