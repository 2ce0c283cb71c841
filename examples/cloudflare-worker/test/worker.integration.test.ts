import { readFileSync } from 'node:fs'
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis'
import { ensureStream, type LocalService, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope, decodeRejected } from '@clickstream/schema'
import { builtScript } from '@clickstream/sdk-browser/built'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWorker, type WorkerBundle } from '../src/build.js'
import { type RunningWorker, startWorkerd } from '../src/workerd.js'

const WRITE_KEY = 'wk_edge_test'
const PLAN_KEY = 'wk_edge_plan'
/** The plan of the `shop` source, bound as its own variable (`env:SHOP_PLAN`). */
const SHOP_PLAN = {
  name: 'shop',
  naming: { events: 'Title Case' },
  unplanned: 'flag',
  violations: 'block',
  events: {
    'Order Completed': {
      properties: {
        type: 'object',
        properties: { order_id: { type: 'string' }, total: { type: 'number', minimum: 0 } },
        required: ['order_id'],
      },
    },
  },
}
const ORIGIN = 'https://shop.example'

let kinesalite: LocalService
let kinesis: KinesisClient
let worker: RunningWorker
let bundle: WorkerBundle

async function readStream(name: string): Promise<Uint8Array[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: name }))
  const data: Uint8Array[] = []
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: name,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
    data.push(...Records.map((r) => r.Data as Uint8Array))
  }
  return data
}

beforeAll(async () => {
  kinesalite = await startKinesalite()
  kinesis = new KinesisClient({
    endpoint: kinesalite.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  })
  await ensureStream(kinesis, 'events', 2)
  await ensureStream(kinesis, 'rejected', 2)
  bundle = await buildWorker()
  worker = await startWorkerd({
    code: bundle.code,
    bindings: {
      KINESIS_STREAM: 'events',
      REJECTED_STREAM: 'rejected',
      AWS_REGION: 'us-east-1',
      KINESIS_ENDPOINT: kinesalite.endpoint,
      SOURCES: JSON.stringify({
        [WRITE_KEY]: { id: 'web', allowedOrigins: [ORIGIN] },
        [PLAN_KEY]: { id: 'shop', trackingPlan: 'env:SHOP_PLAN' },
      }),
      SHOP_PLAN: JSON.stringify(SHOP_PLAN),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      LOG_LEVEL: 'silent',
    },
  })
})

afterAll(async () => {
  await worker?.close()
  kinesis?.destroy()
  await kinesalite?.close()
})

describe('the collector under workerd', () => {
  it('writes valid events to the events stream and invalid ones to the rejected stream before answering', async () => {
    const sentAt = new Date().toISOString()
    const response = await fetch(`${worker.url}/v1/batch`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${WRITE_KEY}:`)}`,
        'content-type': 'application/json',
        origin: ORIGIN,
      },
      body: JSON.stringify({
        sentAt,
        batch: [
          { type: 'page', name: 'Home', anonymousId: 'a-1', messageId: 'm-1', timestamp: sentAt },
          {
            type: 'track',
            event: 'Added',
            anonymousId: 'a-2',
            messageId: 'm-2',
            timestamp: sentAt,
          },
          { type: 'track', event: 'No id', messageId: 'm-3', timestamp: sentAt },
        ],
      }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN)

    const envelopes = (await readStream('events')).map((data) => decodeEnvelope(data))
    expect(envelopes.map((e) => e.key).sort()).toEqual(['a-1', 'a-2'])
    expect(envelopes.every((e) => e.sourceId === 'web')).toBe(true)
    expect(envelopes.flatMap((e) => e.events.map((event) => event.messageId)).sort()).toEqual([
      'm-1',
      'm-2',
    ])

    const rejected = (await readStream('rejected')).map((data) => decodeRejected(data))
    expect(rejected).toHaveLength(1)
    expect(rejected[0]?.ok && JSON.stringify(rejected[0].value)).toContain('m-3')
  })

  it('refuses unknown write keys without writing', async () => {
    const before = (await readStream('events')).length
    const response = await fetch(`${worker.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('wrong-key:')}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ event: 'X', anonymousId: 'a-9', messageId: 'm-9' }),
    })
    expect(response.status).toBe(401)
    expect((await readStream('events')).length).toBe(before)
  })

  it("serves Segment's snippet script embedded in the bundle: brotli, gzip, ETag, 304, cache headers", async () => {
    const script = readFileSync(builtScript('analytics.min.js'), 'utf8')
    const path = `${worker.url}/analytics.js/v1/${WRITE_KEY}/analytics.min.js`
    const br = await fetch(path, { headers: { 'accept-encoding': 'br' } })
    expect(br.status).toBe(200)
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(br.headers.get('cache-control')).toContain('max-age=300')
    expect(br.headers.get('vary')).toContain('Accept-Encoding')
    expect(await br.text()).toBe(script) // Node's fetch decodes what Content-Encoding names
    const tag = br.headers.get('etag') as string
    expect(tag).toMatch(/-br"$/)
    const again = await fetch(path, { headers: { 'accept-encoding': 'br', 'if-none-match': tag } })
    expect(again.status).toBe(304)
    const versioned = await fetch(`${worker.url}${br.headers.get('content-location')}`, {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(versioned.headers.get('etag')).toMatch(/-gzip"$/)
    expect(await versioned.text()).toBe(script)
    const unknown = await fetch(`${worker.url}/analytics.js/v1/nope/analytics.min.js`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it("checks a source's tracking plan (from a binding): blocks, flags and keeps as it says", async () => {
    const sentAt = new Date().toISOString()
    const message = (messageId: string, event: string, properties: Record<string, unknown>) => ({
      type: 'track',
      event,
      properties,
      anonymousId: 'a-plan',
      messageId,
      timestamp: sentAt,
    })
    const response = await fetch(`${worker.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${PLAN_KEY}:`)}`, 'content-type': 'text/plain' },
      body: JSON.stringify({
        sentAt,
        batch: [
          message('p-ok', 'Order Completed', { order_id: 'o-1', total: 5 }),
          message('p-blocked', 'Order Completed', { total: -1 }),
          message('p-flagged', 'Cart Viewed', {}),
        ],
      }),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      accepted: number
      rejected: { messageId: string; errors: { path: string; code: string }[] }[]
    }
    expect(body.accepted).toBe(2)
    expect(body.rejected).toEqual([
      {
        index: 1,
        messageId: 'p-blocked',
        errors: [
          expect.objectContaining({ path: 'properties.order_id', code: 'required' }),
          expect.objectContaining({ path: 'properties.total', code: 'out_of_range' }),
        ],
      },
    ])
    const events = (await readStream('events'))
      .map((data) => decodeEnvelope(data))
      .filter((e) => e.sourceId === 'shop')
      .flatMap((e) => e.events)
    expect(events.map((e) => e.messageId).sort()).toEqual(['p-flagged', 'p-ok'])
    expect(events.find((e) => e.messageId === 'p-flagged')?.context?.violations).toEqual([
      expect.objectContaining({ path: 'event', code: 'unplanned_event' }),
    ])
    const reasons = (await readStream('rejected'))
      .map((data) => decodeRejected(data))
      .flatMap((r) =>
        r.ok && r.value.sourceId === 'shop' ? [[r.value.messageId, r.value.reason]] : [],
      )
    expect(reasons.sort()).toEqual([
      ['p-blocked', 'plan_blocked'],
      ['p-flagged', 'plan_flagged'],
    ])
  })
})
