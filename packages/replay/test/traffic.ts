import { type SimulatedEnvelope, simulatedEnvelopes } from '@clickstream/local'
import type { KinesisStreamRecord } from 'aws-lambda'
import { toKinesisRecord } from '../src/kinesis-records.js'

export const T0 = Date.parse('2026-03-02T08:00:00.000Z')
export const GAP_MS = 30 * 60_000

/**
 * Simulated shop traffic as the stream carried it, with what at-least-once delivery and real
 * clients add: every 9th envelope queued offline and received 1–3 hours later (events far out of
 * order), every 13th re-sent by its client (same messageIds, a new record received 2 s later), and
 * every 17th record delivered twice by the stream (`redelivered`: the same record again, which the
 * lake's and the archive's delivery streams also write twice).
 */
export function traffic(seed = 7) {
  const base = simulatedEnvelopes({ users: 25, events: 700, gapMs: GAP_MS, start: T0, seed })
  const arrived: SimulatedEnvelope[] = []
  for (const [i, item] of base.entries()) {
    const delay = i % 9 === 4 ? (1 + (i % 3)) * 3_600_000 : 0
    const moved = delay === 0 ? item : shifted(item, delay)
    arrived.push(moved)
    if (i % 13 === 6) arrived.push(shifted(moved, 2_000))
  }
  arrived.sort((a, b) => a.arrivedAt - b.arrivedAt)
  const redelivered = arrived.filter((_, i) => i % 17 === 3)
  return { arrived, redelivered, files: [...arrived, ...redelivered] }
}

function shifted(item: SimulatedEnvelope, ms: number): SimulatedEnvelope {
  const receivedAt = new Date(Date.parse(item.envelope.receivedAt) + ms).toISOString()
  return {
    arrivedAt: item.arrivedAt + ms,
    envelope: {
      ...item.envelope,
      receivedAt,
      events: item.envelope.events.map((e) => ({ ...e, receivedAt })),
    },
  }
}

/** The stream's records, two shards by key, sequence numbers in arrival order. */
export function streamRecords(
  arrived: readonly SimulatedEnvelope[],
): Map<SimulatedEnvelope, KinesisStreamRecord> {
  const records = new Map<SimulatedEnvelope, KinesisStreamRecord>()
  for (const [i, item] of arrived.entries()) {
    const { key, sourceId, receivedAt, events } = item.envelope
    const shard = `shardId-00000000000${[...key].reduce((h, c) => h + c.charCodeAt(0), 0) % 2}`
    records.set(
      item,
      toKinesisRecord(
        { key, sourceId, receivedAt, events, position: `4${String(i).padStart(19, '0')}` },
        shard,
      ),
    )
  }
  return records
}
