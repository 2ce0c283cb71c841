import { type EnrichedMessage, type Envelope, lakeEventDate } from '@clickstream/schema'
import { formatTimestamp } from '@clickstream/schema/lite'
import { generateJourneys, type JourneyOptions } from './journeys.js'
import { createRandom } from './random.js'

/** An envelope as the collector wrote it to the events stream, with when it arrived there. */
export interface SimulatedEnvelope {
  /** Epoch ms: when the record reached the stream (the archive files it by this hour). */
  arrivedAt: number
  envelope: Envelope
}

export interface SimulatedEnvelopeOptions extends JourneyOptions {
  /** @default 'dev-source' */
  sourceId?: string
  /** A user's calls within this much of the first are sent in one request. @default 20_000 */
  flushMs?: number
  /** Most events per request and key. @default 20 */
  maxEvents?: number
}

const library = { name: '@clickstream/sdk-node', version: '0.1.0' }
const locales = ['en-US', 'de-DE', 'fr-FR', 'en-GB']
const zones = ['America/New_York', 'Europe/Berlin', 'Europe/Paris', 'Europe/London']

/**
 * The simulator's journeys (`generateJourneys`) as the collector's envelopes, without a collector:
 * events enriched as it enriches them (messageId, skew-corrected timestamp, sentAt, receivedAt,
 * library, locale, timezone; the journeys' public IPs as `context.ip`), a user's calls batched like the SDK's queue flushes, packed per
 * key and UTC event date. For benchmarks and tests that need realistic records in bulk. In
 * arrival order; deterministic for a seed.
 */
export function simulatedEnvelopes(o: SimulatedEnvelopeOptions): SimulatedEnvelope[] {
  const random = createRandom((o.seed ?? 42) + 1)
  const flushMs = o.flushMs ?? 20_000
  const maxEvents = o.maxEvents ?? 20
  const sourceId = o.sourceId ?? 'dev-source'
  const open = new Map<string, { first: number; date: string; events: EnrichedMessage[] }>()
  const out: SimulatedEnvelope[] = []
  const profiles = new Map<string, { locale: string; timezone: string }>()
  const flush = (key: string) => {
    const batch = open.get(key)
    if (!batch) return
    open.delete(key)
    const last = batch.events.at(-1) as EnrichedMessage
    const sentAt = Date.parse(last.timestamp) + random.int(50, 2_000)
    const receivedAt = formatTimestamp(sentAt + random.int(5, 80))
    for (const event of batch.events) {
      event.sentAt = formatTimestamp(sentAt)
      event.receivedAt = receivedAt
    }
    const arrivedAt = Date.parse(receivedAt) + random.int(5, 200)
    out.push({ arrivedAt, envelope: { v: 1, key, sourceId, receivedAt, events: batch.events } })
  }
  for (const call of generateJourneys(o)) {
    // The collector's partition key: anonymousId, else userId (the backend's calls).
    const key = (call.anonymousId ?? call.userId) as string
    let profile = profiles.get(key)
    if (!profile) {
      profile = {
        locale: random.pick(locales),
        timezone: random.pick(zones),
      }
      profiles.set(key, profile)
    }
    const date = lakeEventDate(call.at)
    const batch = open.get(key)
    if (
      batch &&
      (call.at - batch.first > flushMs || batch.date !== date || batch.events.length >= maxEvents)
    )
      flush(key)
    const timestamp = formatTimestamp(call.at)
    const { at: _at, origin: _origin, context, ...fields } = call
    const event = {
      ...fields,
      messageId: random.uuid(),
      timestamp,
      originalTimestamp: timestamp,
      receivedAt: timestamp,
      context: { ...context, library, ...profile },
    } as EnrichedMessage
    const current = open.get(key) ?? { first: call.at, date, events: [] }
    current.events.push(event)
    open.set(key, current)
  }
  for (const key of [...open.keys()]) flush(key)
  return out.sort((a, b) => a.arrivedAt - b.arrivedAt)
}
