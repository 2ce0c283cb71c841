import type { Envelope } from '@clickstream/schema'
import type { ReplayRange } from '../range.js'
import { digits, inRange, type ReplayRecord, type ReplaySource } from './replay-source.js'

/** An envelope as the stream carried it, with when it arrived (epoch ms). */
export interface ArrivedEnvelope {
  arrivedAt: number
  envelope: Envelope
}

/**
 * A source over envelopes in memory, in arrival order (stable for equal times): positions are
 * their indexes in that order. For tests of what reads a `ReplaySource`.
 */
export function createMemoryReplaySource(envelopes: readonly ArrivedEnvelope[]): ReplaySource {
  const ordered = envelopes
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.arrivedAt - b.item.arrivedAt || a.index - b.index)
    .map(({ item }) => item.envelope)
  return {
    describe: `${ordered.length} envelopes in memory`,
    shardId: 'replay-memory',
    async *read(range: ReplayRange): AsyncIterable<ReplayRecord> {
      for (const [index, envelope] of ordered.entries()) {
        const events = envelope.events.filter((event) => inRange(event, range))
        if (events.length === 0) continue
        const { key, sourceId, receivedAt } = envelope
        yield { key, sourceId, receivedAt, events, position: digits(index, 15) }
      }
    },
    async close() {},
  }
}
