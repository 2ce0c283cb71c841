import { Analytics as SegmentAnalytics } from '@segment/analytics-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Analytics } from '../src/entrypoints/node.js'
import { type LoopbackCollector, startCollector, WRITE_KEY } from './collector.js'

let collector: LoopbackCollector
beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector.close())

const at = new Date('2026-11-21T08:30:00.000Z')

/** The same calls, written once against the API both SDKs share. */
function sendAll(sdk: 'segment' | 'clickstream', client: Analytics | SegmentAnalytics) {
  const userId = `${sdk}-user`
  client.identify({ userId, traits: { plan: 'pro' }, timestamp: at })
  client.track({ userId, event: 'Order Completed', properties: { total: 10 }, timestamp: at })
  client.page({
    anonymousId: `${sdk}-anon`,
    category: 'Docs',
    name: 'Install',
    properties: { path: '/i' },
    timestamp: at,
  })
  client.screen({ userId, name: 'Home', properties: { tab: 1 }, timestamp: at })
  client.group({ userId, groupId: 'acme', traits: { seats: 5 }, timestamp: at })
  client.alias({ userId, previousId: `${sdk}-anon`, timestamp: at })
}

/** What must match between the two SDKs once the collector has the message. */
const essence = (m: Record<string, unknown>, sdk: string) => {
  const strip = (v: unknown) => (typeof v === 'string' ? v.replace(sdk, 'SDK') : v)
  const {
    type,
    userId,
    anonymousId,
    event,
    name,
    category,
    groupId,
    previousId,
    properties,
    traits,
  } = m
  return {
    type,
    userId: strip(userId),
    anonymousId: strip(anonymousId),
    previousId: strip(previousId),
    event,
    name,
    category,
    groupId,
    properties,
    traits,
    originalTimestamp: m.originalTimestamp,
  }
}

describe('drop-in for @segment/analytics-node', () => {
  it('the same code gives the same messages at the collector with either SDK', async () => {
    const segment = new SegmentAnalytics({
      writeKey: WRITE_KEY,
      host: collector.url,
      path: '/v1/batch',
    })
    sendAll('segment', segment)
    await segment.closeAndFlush()
    const ours = new Analytics({ writeKey: WRITE_KEY, host: collector.url })
    sendAll('clickstream', ours)
    await ours.closeAndFlush()

    const of = (sdk: string) =>
      collector
        .messages()
        .filter((m) => String(m.userId ?? m.anonymousId).startsWith(sdk))
        .map((m) => essence(m as Record<string, unknown>, sdk))
        .sort((a, b) => String(a.type).localeCompare(String(b.type)))
    expect(of('segment')).toHaveLength(6)
    expect(of('clickstream')).toEqual(of('segment'))
    expect(collector.rejectedCount()).toBe(0)
  })
})
