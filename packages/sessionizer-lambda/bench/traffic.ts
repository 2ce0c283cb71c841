import { type EnrichedMessage, packEnvelopes } from '@clickstream/schema'
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'

export interface TrafficOptions {
  /** Browsers active on the shard at the same time. */
  browsers: number
  /** Records in the stream (each ~`eventsPerRecord` events of one browser). */
  records: number
  eventsPerRecord: number
}

const BASE = Date.parse('2026-03-01T08:00:00.000Z')
const PAGES = ['/', '/products', '/products/42', '/cart', '/checkout', '/orders', '/help']
const EVENTS = [
  'Product Viewed',
  'Product Added',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
]

/**
 * Browser traffic as the collector writes it: each browser sends a batch of ~10 events (a page
 * view and tracks, a few seconds apart) about every 30 s, sometimes pausing past the session gap;
 * the stream interleaves the browsers' records in arrival order.
 */
export function traffic(options: TrafficOptions): KinesisStreamRecord[] {
  let seed = 42
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
  const clocks = Array.from({ length: options.browsers }, (_, b) => BASE + b * 300)
  const records: { at: number; record: Omit<KinesisStreamRecord, 'eventID'> }[] = []
  for (let r = 0; r < options.records; r++) {
    const b = r % options.browsers
    const key = `anon-${b.toString(36).padStart(6, '0')}-7f3c9a2e-4b1d`
    let t = (clocks[b] as number) + (random() < 0.05 ? 45 * 60_000 : 20_000 + random() * 20_000)
    const events: EnrichedMessage[] = []
    for (let e = 0; e < options.eventsPerRecord; e++) {
      t += 1_000 + Math.floor(random() * 5_000)
      const timestamp = new Date(t).toISOString()
      const path = PAGES[Math.floor(random() * PAGES.length)] as string
      const common = {
        messageId: uuid(random),
        anonymousId: key,
        timestamp,
        receivedAt: timestamp,
        context: {
          ip: '203.0.113.7',
          userAgent:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
          page: {
            url: `https://shop.example${path}`,
            path,
            title: 'Example Shop',
            referrer: 'https://search.example/',
          },
          library: { name: 'analytics.js', version: '5.2.0' },
        },
      }
      events.push(
        e === 0
          ? {
              ...common,
              type: 'page',
              name: path,
              properties: { url: `https://shop.example${path}`, path },
            }
          : {
              ...common,
              type: 'track',
              event: EVENTS[Math.floor(random() * EVENTS.length)] as string,
              properties: { sku: 'SKU-42', price: 19.99 },
            },
      )
    }
    clocks[b] = t
    const [data] = packEnvelopes(
      { key, sourceId: 'src_bench', receivedAt: new Date(t).toISOString() },
      events,
    )
    records.push({
      at: t,
      record: {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: key,
          sequenceNumber: '',
          data: Buffer.from(data as Uint8Array).toString('base64'),
          approximateArrivalTimestamp: t / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
        awsRegion: 'us-east-1',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/events',
      },
    })
  }
  return records
    .sort((a, b) => a.at - b.at)
    .map(({ record }, i) => {
      const sequenceNumber = `4959033827149025660855969253836157109592157598913${String(i).padStart(7, '0')}`
      return {
        ...record,
        kinesis: { ...record.kinesis, sequenceNumber },
        eventID: `shardId-000000000000:${sequenceNumber}`,
      }
    })
}

/** A version-4 UUID from the seeded generator: real message ids do not compress. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`
}

/** The stream cut into invocations of `size` records. */
export function batches(
  records: readonly KinesisStreamRecord[],
  size: number,
): KinesisStreamEvent[] {
  const out: KinesisStreamEvent[] = []
  for (let i = 0; i < records.length; i += size) out.push({ Records: records.slice(i, i + size) })
  return out
}
