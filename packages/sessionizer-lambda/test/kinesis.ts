import { readFileSync } from 'node:fs'
import { type EnrichedMessage, packEnvelopes } from '@clickstream/schema'
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'

/** A record exactly as Lambda delivered it (AWS's sample event), used as the template. */
const sample = JSON.parse(
  readFileSync(new URL('./fixtures/kinesis-event.json', import.meta.url), 'utf8'),
) as KinesisStreamEvent
const template = sample.Records[0] as KinesisStreamRecord

/** One stream record: the collector's envelope (via `packEnvelopes`) at a position in a shard. */
export function kinesisRecord(
  key: string,
  events: readonly EnrichedMessage[],
  sequence: number,
  shardId = 'shardId-000000000006',
): KinesisStreamRecord {
  const receivedAt = events[0]?.receivedAt ?? '2026-01-01T00:00:00.000Z'
  const [data] = packEnvelopes({ key, sourceId: 'src_test', receivedAt }, events)
  const base64 = Buffer.from(data as Uint8Array).toString('base64')
  // The record reaches the stream as the collector receives its events.
  return rawRecord(key, base64, sequence, shardId, receivedAt)
}

/** A record with arbitrary base64 data (for undecodable records), arrived at `arrivedAt`. */
export function rawRecord(
  partitionKey: string,
  data: string,
  sequence: number,
  shardId = 'shardId-000000000006',
  arrivedAt = '2026-03-01T08:00:00.000Z',
): KinesisStreamRecord {
  const sequenceNumber = sequenceOf(sequence)
  const approximateArrivalTimestamp = Date.parse(arrivedAt) / 1000
  return {
    ...template,
    kinesis: {
      ...template.kinesis,
      partitionKey,
      sequenceNumber,
      data,
      approximateArrivalTimestamp,
    },
    eventID: `${shardId}:${sequenceNumber}`,
  }
}

/** Realistic 56-digit sequence numbers that order like `n`. */
export const sequenceOf = (n: number) =>
  `4959033827149025660855969253836157109592157598913${String(n).padStart(7, '0')}`

export const streamEvent = (records: KinesisStreamRecord[]): KinesisStreamEvent => ({
  Records: records,
})

const BASE = Date.parse('2026-03-01T08:00:00.000Z')

export interface EventSpec {
  id: string
  /** Minutes after the test epoch. */
  at: number
  type?: 'page' | 'track' | 'identify' | 'screen'
  key?: string
  name?: string
  userId?: string
  /** receivedAt offset in minutes after `at` (client re-sends arrive later). @default 0 */
  receivedLag?: number
  url?: string
  referrer?: string
  campaign?: string
  /** `context.userAgent`; `null`: none. @default a desktop Chrome's */
  userAgent?: string | null
  /** `context.ip`; `null`: none. @default `203.0.113.7` */
  ip?: string | null
  /** `context.userAgentData` (client hints). */
  userAgentData?: unknown
}

/** An enriched message as the collector writes it. */
export function message(spec: EventSpec): EnrichedMessage {
  const t = BASE + spec.at * 60_000
  const type = spec.type ?? 'track'
  const common = {
    messageId: spec.id,
    anonymousId: spec.key ?? 'anon-1',
    ...(spec.userId ? { userId: spec.userId } : {}),
    timestamp: new Date(t).toISOString(),
    receivedAt: new Date(t + (spec.receivedLag ?? 0) * 60_000).toISOString(),
    context: {
      ...orNone('ip', spec.ip, '203.0.113.7'),
      ...orNone('userAgent', spec.userAgent, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0'),
      ...(spec.userAgentData === undefined ? {} : { userAgentData: spec.userAgentData }),
      page: {
        url: spec.url ?? 'https://shop.example/',
        path: new URL(spec.url ?? 'https://shop.example/').pathname,
        title: 'Shop',
        ...(spec.referrer ? { referrer: spec.referrer } : {}),
      },
      ...(spec.campaign ? { campaign: { name: spec.campaign, source: 'news' } } : {}),
    },
  }
  if (type === 'track') return { ...common, type, event: spec.name ?? 'Clicked' }
  if (type === 'identify') return { ...common, type, traits: {} }
  return { ...common, type, name: spec.name ?? 'Home', properties: {} }
}

/** `{ [key]: value }`, the fallback when `undefined`, nothing when `null`. */
const orNone = (key: string, value: string | null | undefined, fallback: string) =>
  value === null ? {} : { [key]: value ?? fallback }

export const minutes = (n: number) => BASE + n * 60_000
