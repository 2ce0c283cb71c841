import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { type Enricher, enrichInputOf } from '@clickstream/enrich'
import { decodeEnvelopeEvents, decodeRejected } from '@clickstream/schema'
import type { KinesisStreamEvent } from 'aws-lambda'
import { createMemoryCheckpoints } from '../poller/checkpoints.js'
import { createPoller, type Poller } from '../poller/poller.js'
import type { EventFeed } from './event-feed.js'

export interface FeedTailOptions {
  kinesis: KinesisClient
  feed: EventFeed
  eventsStream: string
  rejectedStream: string
  /**
   * Each accepted event's enrichment for the debugger, with the consumers' config. Absent: entries
   * carry none.
   */
  enricher?: Enricher
  /** How far back to read at start, so a restart refills the views. @default 1 hour */
  lookbackMs?: number
  onError?: (error: unknown) => void
}

/**
 * Reads both streams into the event feed, as an extra consumer beside the sessionizer (like a second
 * event source mapping): the debugger shows exactly what is in the stream, not what the collector said.
 */
export function createFeedTail(o: FeedTailOptions): Poller {
  const since = Date.now() - (o.lookbackMs ?? 3_600_000)
  /** Records of the lookback window, old ones skipped before their data is decoded. */
  const data = (event: KinesisStreamEvent) =>
    event.Records.flatMap((r) => {
      const at = r.kinesis.approximateArrivalTimestamp * 1000
      return at < since ? [] : [{ at, bytes: Buffer.from(r.kinesis.data, 'base64') }]
    })
  // From the trim horizon, skipping what is older than the lookback: kinesalite never answers an
  // AT_TIMESTAMP iterator request on a shard with no record after the timestamp.
  const common = {
    kinesis: o.kinesis,
    checkpoints: createMemoryCheckpoints(),
    startingPosition: 'TRIM_HORIZON' as const,
    batchSize: 500,
    batchingWindowMs: 50,
    pollIntervalMs: 100,
    onError: o.onError,
  }
  const events = createPoller({
    ...common,
    streamName: o.eventsStream,
    handler: async (event) => {
      for (const { at, bytes } of data(event)) {
        // Event by event, as the sessionizer reads: the valid events of a record with a bad one
        // are shown; what it sets aside (a bad head, an invalid event) is not.
        const decoded = decodeEnvelopeEvents(bytes)
        if (!decoded.ok) continue
        const { key, sourceId } = decoded.head
        for (const message of decoded.events)
          o.feed.add({
            kind: 'accepted',
            at,
            key,
            sourceId,
            event: message,
            ...(o.enricher
              ? { enrichment: o.enricher.enrich(enrichInputOf(message)).enrichment }
              : {}),
          })
      }
    },
  })
  const rejected = createPoller({
    ...common,
    checkpoints: createMemoryCheckpoints(),
    streamName: o.rejectedStream,
    handler: async (event) => {
      for (const { at, bytes } of data(event)) {
        const decoded = decodeRejected(bytes)
        if (!decoded.ok) continue
        const { sourceId, messageId, reason, issues, raw } = decoded.value
        o.feed.add({
          kind: 'rejected',
          at,
          sourceId,
          issues,
          raw,
          ...(messageId ? { messageId } : {}),
          ...(reason ? { reason } : {}),
        })
      }
    },
  })
  return {
    start: async () => {
      await Promise.all([events.start(), rejected.start()])
    },
    stop: async () => {
      await Promise.all([events.stop(), rejected.stop()])
    },
    stats: () => events.stats(),
  }
}
