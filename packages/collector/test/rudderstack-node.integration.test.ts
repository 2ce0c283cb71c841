import type { LocalKinesis } from '@clickstream/local-aws'
import { decodeEnvelope, decodeRejected } from '@clickstream/schema'
import { MAX_MESSAGE_BYTES } from '@clickstream/schema/lite'
import Analytics from '@rudderstack/rudder-sdk-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningCollector } from '../src/entrypoints/node.js'
import { type NodeOnKinesalite, startNodeOnKinesalite } from './node-on-kinesalite.js'

/*
 * RudderStack's Node SDK, unchanged, against the Node entry on a real socket and kinesalite: what
 * it sends must land as it would with ours (gzip JSON labelled form-urlencoded, Basic auth).
 */

const KEY = 'rudder-node-key'
let kinesis: LocalKinesis
let collector: RunningCollector
let running: NodeOnKinesalite | undefined

beforeAll(async () => {
  running = await startNodeOnKinesalite({ key: KEY, id: 'rudder-node' })
  ;({ kinesis, collector } = running)
})
afterAll(async () => {
  await running?.close()
})

type Sent = { batch: Record<string, unknown>[] }

/** A client whose every call resolves once the collector answered its batch (or fails). */
function client(options: { gzip?: boolean } = {}) {
  const errors: unknown[] = []
  const analytics = new Analytics(KEY, {
    dataPlaneUrl: collector.url,
    flushAt: 1,
    retryCount: 0,
    logLevel: 'error',
    errorHandler: (error: unknown) => errors.push(error),
    ...options,
  })
  const send =
    <T>(call: (message: T, callback: (error?: Error, data?: unknown) => void) => unknown) =>
    (message: T) =>
      new Promise<unknown>((resolve, reject) => {
        call.call(analytics, message, (error, data) => (error ? reject(error) : resolve(data)))
      })
  return {
    errors,
    track: send(analytics.track),
    page: send(analytics.page),
    identify: send(analytics.identify),
  }
}

const events = async () =>
  (await kinesis.readAll('events')).flatMap((r) => decodeEnvelope(r.data).events)

describe('RudderStack Node SDK (@rudderstack/rudder-sdk-node) → Node entry → kinesalite', () => {
  it('delivers track, page and identify, anonymous and identified', async () => {
    const sdk = client()
    await sdk.track({
      anonymousId: 'anon-r1',
      event: 'Product Viewed',
      properties: { price: 12.5 },
    })
    await sdk.page({ anonymousId: 'anon-r1', name: 'Home', properties: { path: '/' } })
    await sdk.identify({ userId: 'user-r1', anonymousId: 'anon-r1', traits: { plan: 'pro' } })
    expect(sdk.errors).toEqual([])
    const landed = (await events()).filter((e) => e.anonymousId === 'anon-r1')
    expect(landed.map((e) => e.type)).toEqual(['track', 'page', 'identify'])
    expect(landed[0]).toMatchObject({ event: 'Product Viewed', properties: { price: 12.5 } })
    expect(landed[2]).toMatchObject({ userId: 'user-r1', traits: { plan: 'pro' } })
    for (const e of landed) {
      expect(e.context?.library?.name).toBe('analytics-node')
      expect(e.messageId).toMatch(/[0-9a-f-]{36}/)
      expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(Date.parse(e.receivedAt))
    }
    expect((await kinesis.readAll('rejected')).length).toBe(0)
  })

  it('adds its own fields after its 32 KiB check: a message just under it is rejected (too_large)', async () => {
    const plain = client({ gzip: false })
    const small = { anonymousId: 'anon-size', event: 'Sized', properties: { pad: 'x' } }
    const sent = (await plain.track(small)) as Sent
    const added =
      Buffer.byteLength(JSON.stringify(sent.batch[0])) - Buffer.byteLength(JSON.stringify(small))
    console.info(`rudder-sdk-node adds ${added} bytes to a track message`)
    expect(added).toBeGreaterThan(200)
    expect(added).toBeLessThan(400)

    // Passes the SDK's check (< 32 KiB as the caller gave it), over the collector's once sent.
    const pad = 'x'.repeat(MAX_MESSAGE_BYTES - 100 - JSON.stringify(small).length)
    const big = { ...small, anonymousId: 'anon-big', properties: { pad } }
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(MAX_MESSAGE_BYTES - added)
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(32 * 1024)
    await client().track(big) // a 200: the SDK reports no error and will not retry
    const rejected = (await kinesis.readAll('rejected')).map((r) => decodeRejected(r.data))
    expect(rejected).toHaveLength(1)
    const [record] = rejected
    if (!record?.ok) throw new Error('expected a rejected record')
    expect(record.value.issues.map((i) => i.code)).toEqual(['too_large'])
    expect(record.value.truncated).toBe(true) // kept cut to 32 KiB: not replayable whole
    expect((await events()).some((e) => e.anonymousId === 'anon-big')).toBe(false)
  })
})
