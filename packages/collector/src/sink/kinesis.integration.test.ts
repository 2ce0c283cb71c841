import { type LocalKinesis, localClientConfig, startKinesalite } from '@clickstream/local-aws'
import { decodeEnvelope } from '@clickstream/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, WRITE_KEY } from '../../test/helpers.js'
import { createApp } from '../app.js'
import { createKinesisSink } from './kinesis.js'
import { testSink } from './sink.contract.js'

let kinesis: LocalKinesis
let streams = 0

beforeAll(async () => {
  kinesis = await startKinesalite()
})
afterAll(async () => {
  await kinesis?.close()
})

async function freshStream(): Promise<string> {
  const name = `events-${++streams}`
  await kinesis.createStream(name)
  return name
}

testSink('kinesis (kinesalite)', async () => {
  const streamName = await freshStream()
  const sink = createKinesisSink({ streamName, clientConfig: localClientConfig(kinesis.endpoint) })
  return { sink, read: () => kinesis.readAll(streamName), cleanup: () => sink.close() }
})

describe('collector → kinesalite', () => {
  it('lands events in envelopes, one record per key per request, in order', async () => {
    const streamName = await freshStream()
    const sink = createKinesisSink({
      streamName,
      clientConfig: localClientConfig(kinesis.endpoint),
    })
    const app = createApp({
      sink,
      rejectSink: createKinesisSink({
        streamName,
        clientConfig: localClientConfig(kinesis.endpoint),
      }),
      sources: { [WRITE_KEY]: { id: 'web' } },
    })
    const keys = ['anon-a', 'anon-b', 'anon-c']
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, r) =>
        app.request('/v1/batch', {
          method: 'POST',
          headers: { authorization: basic(WRITE_KEY), 'content-type': 'application/json' },
          body: JSON.stringify({
            batch: Array.from({ length: 9 }, (_, i) => ({
              type: 'track',
              event: 'Step',
              anonymousId: keys[i % 3],
              messageId: `r${r}-m${i}`,
              properties: { step: i },
            })),
          }),
        }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200))
    const records = await kinesis.readAll(streamName)
    expect(records).toHaveLength(30)
    for (const record of records) {
      const envelope = decodeEnvelope(record.data)
      expect(envelope.key).toBe(record.partitionKey)
      expect(envelope.sourceId).toBe('web')
      const ids = envelope.events.map((e) => e.messageId)
      const request = ids[0]?.split('-')[0]
      const k = keys.indexOf(envelope.key)
      expect(ids).toEqual([0, 1, 2].map((n) => `${request}-m${k + 3 * n}`))
    }
    const stats = sink.stats()
    expect(stats.written).toBe(30)
    expect(stats.calls).toBeLessThan(30)
    await sink.close()
  })

  it('reports ready for an active stream and not for a missing one', async () => {
    const streamName = await freshStream()
    const config = localClientConfig(kinesis.endpoint)
    const good = createKinesisSink({ streamName, clientConfig: config })
    const missing = createKinesisSink({ streamName: 'nope', clientConfig: config })
    expect(await good.ready()).toBe(true)
    expect(await missing.ready()).toBe(false)
    expect(await missing.put([{ partitionKey: 'k', data: new Uint8Array(1) }])).toMatchObject({
      ok: false,
      reason: 'unavailable',
    })
    await Promise.all([good.close(), missing.close()])
  })
})
