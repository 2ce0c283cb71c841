import { type EnrichedMessage, packEnvelopes } from '@clickstream/schema'
import type { DeliveryRecord } from './destination.js'

/** A track event as the collector enriches it, at `timestamp`. */
export const trackEvent = (
  messageId: string,
  timestamp: string,
  key = 'anon-1',
): EnrichedMessage => ({
  type: 'track',
  event: 'Product Viewed',
  messageId,
  anonymousId: key,
  timestamp,
  receivedAt: timestamp,
  properties: { sku: `sku-${messageId}` },
})

/** One Kinesis record's data: the events of one key, packed as the collector packs them. */
export interface PackedEnvelope {
  key: string
  data: Uint8Array
}

/** The events of one key in one envelope (`packEnvelopes`, the collector's code). */
export function envelopeOf(events: EnrichedMessage[], key = 'anon-1'): PackedEnvelope {
  const receivedAt = events[0]?.receivedAt ?? new Date(0).toISOString()
  const [data, ...more] = packEnvelopes({ key, sourceId: 'local-dev', receivedAt }, events)
  if (!data || more.length > 0) throw new Error('the fixture events must fit one envelope')
  return { key, data }
}

let sequence = 0

/** A record as the delivery stream reads it, with data (an envelope, or raw bytes) base64. */
export function deliveryRecord(
  data: PackedEnvelope | string,
  arrivedAt = Date.parse('2026-03-01T10:00:00.000Z'),
  shardId = 'shardId-000000000000',
): DeliveryRecord {
  sequence++
  return {
    shardId,
    sequenceNumber: String(sequence).padStart(20, '0'),
    partitionKey: typeof data === 'string' ? 'raw' : data.key,
    data: Buffer.from(typeof data === 'string' ? data : data.data).toString('base64'),
    arrivedAt,
  }
}
