import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import type { Context as LambdaContext } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLambdaHandler } from '../src/entrypoints/lambda.js'
import apiGatewayV1 from './fixtures/lambda/api-gateway-v1.json' with { type: 'json' }
import apiGatewayV2 from './fixtures/lambda/api-gateway-v2.json' with { type: 'json' }
import functionUrl from './fixtures/lambda/function-url.json' with { type: 'json' }
import { basic, gzip, track } from './helpers.js'

const KEY = 'lambda-key'
let kinesis: LocalKinesis
let handler: ReturnType<typeof createLambdaHandler>
const context = { functionName: 'collector', awsRequestId: 'req-1' } as LambdaContext

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'test'
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test'
  kinesis = await startKinesalite()
  await kinesis.createStream('events', 1)
  handler = createLambdaHandler({
    KINESIS_STREAM: 'events',
    KINESIS_ENDPOINT: kinesis.endpoint,
    LINGER_MS: '0',
    SOURCES: JSON.stringify({
      [KEY]: { id: 'lambda-src', allowedOrigins: ['https://shop.example.com'] },
    }),
  })
})
afterAll(async () => {
  await kinesis?.close()
})

const invoke = async (event: unknown) =>
  // biome-ignore lint/suspicious/noExplicitAny: the handler's event type is a union of three shapes
  (await handler(event as any, context)) as {
    statusCode: number
    body: string
    headers?: Record<string, string>
  }

const eventsOf = async (messageId: string) =>
  (await kinesis.readAll('events'))
    .flatMap((r) => decodeEnvelope(r.data).events)
    .filter((e) => e.messageId === messageId)

describe('Lambda entry (real event shapes → kinesalite)', () => {
  it('takes an API Gateway v2 (HTTP API) batch', async () => {
    const body = JSON.stringify({ batch: [track({ messageId: 'v2-1' })] })
    const res = await invoke({
      ...apiGatewayV2,
      headers: {
        ...apiGatewayV2.headers,
        authorization: basic(KEY),
        'content-length': String(body.length),
      },
      body,
    })
    expect(res.statusCode).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ ok: true, accepted: 1, rejected: [] })
    const [event] = await eventsOf('v2-1')
    expect(event?.context?.ip).toBe('205.255.255.176')
  })

  it('takes a Function URL request: base64 gzip text/plain from a browser', async () => {
    const raw = JSON.stringify({ ...track({ messageId: 'url-1' }), type: undefined, writeKey: KEY })
    const body = Buffer.from(await gzip(raw)).toString('base64')
    const res = await invoke({ ...functionUrl, body })
    expect(res.statusCode).toBe(200)
    expect(res.headers?.['access-control-allow-origin']).toBe('https://shop.example.com')
    const [event] = await eventsOf('url-1')
    expect(event).toMatchObject({ type: 'track', context: { ip: '198.51.100.23' } })
  })

  it('takes an API Gateway v1 (REST) single message and answers errors as JSON', async () => {
    const body = JSON.stringify({ userId: 'u-1', messageId: 'v1-1', traits: { plan: 'pro' } })
    const ok = await invoke({
      ...apiGatewayV1,
      headers: { ...apiGatewayV1.headers, Authorization: basic(KEY) },
      multiValueHeaders: { ...apiGatewayV1.multiValueHeaders, Authorization: [basic(KEY)] },
      body,
    })
    expect(ok.statusCode).toBe(200)
    expect((await eventsOf('v1-1'))[0]).toMatchObject({
      type: 'identify',
      context: { ip: '192.0.2.44' },
    })
    const denied = await invoke({ ...apiGatewayV1, body })
    expect(denied.statusCode).toBe(401)
    expect(JSON.parse(denied.body)).toMatchObject({
      ok: false,
      error: { code: 'missing_write_key' },
    })
  })

  it("serves Segment's snippet script from SEGMENT_SCRIPT_FILE as base64 brotli through a Function URL", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { brotliDecompressSync } = await import('node:zlib')
    const dir = mkdtempSync(join(tmpdir(), 'lambda-script-'))
    try {
      const script = `window.segment=${'"clickstream";'.repeat(100)}`
      writeFileSync(join(dir, 'analytics.min.js'), script)
      const withScript = createLambdaHandler({
        KINESIS_STREAM: 'events',
        KINESIS_ENDPOINT: kinesis.endpoint,
        SOURCES: JSON.stringify({ [KEY]: { id: 'lambda-src' } }),
        SEGMENT_SCRIPT_FILE: join(dir, 'analytics.min.js'),
      })
      const path = `/analytics.js/v1/${KEY}/analytics.min.js`
      const { origin: _, 'content-encoding': __, ...headers } = functionUrl.headers
      const res = (await withScript(
        {
          ...functionUrl,
          rawPath: path,
          headers,
          requestContext: {
            ...functionUrl.requestContext,
            http: { ...functionUrl.requestContext.http, method: 'GET', path },
          },
          body: undefined,
          isBase64Encoded: false,
          // biome-ignore lint/suspicious/noExplicitAny: the handler's event type is a union of three shapes
        } as any,
        context,
      )) as {
        statusCode: number
        body: string
        isBase64Encoded: boolean
        headers: Record<string, string>
      }
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBe('br')
      expect(res.isBase64Encoded).toBe(true)
      expect(brotliDecompressSync(Buffer.from(res.body, 'base64')).toString()).toBe(script)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
