import { describe, expect, it } from 'vitest'
import type { DeliveryDestination } from './destination.js'
import { deliveryRecord, envelopeOf, trackEvent } from './fixtures.js'

/** What a destination holds, read back its own way (DuckDB over the files, or memory). */
export interface DestinationContents {
  rows: { message_id: string; event_date: string }[]
  failures: { reason: string; recordId: string }[]
  /** Raw records archived. */
  archived: number
}

export interface DeliveryDestinationContractOptions {
  /** A destination over fresh, empty storage, and a reader of that storage. */
  create(): Promise<{ destination: DeliveryDestination; read(): Promise<DestinationContents> }>
}

const DAY_1 = '2026-03-01T23:59:59.000Z'
const DAY_2 = '2026-03-02T00:00:00.000Z'
const ids = (rows: DestinationContents['rows']) =>
  rows.map((r) => `${r.event_date} ${r.message_id}`).sort()

/** The behaviour every `DeliveryDestination` adapter must have. Each adapter's test calls this. */
export function testDeliveryDestination(
  name: string,
  adapter: DeliveryDestinationContractOptions,
): void {
  describe(`DeliveryDestination contract: ${name}`, () => {
    it('writes every event as a row in the partition of its UTC event date', async () => {
      const { destination, read } = await adapter.create()
      const summary = await destination.deliver([
        deliveryRecord(envelopeOf([trackEvent('a1', DAY_1), trackEvent('a2', DAY_1)])),
        deliveryRecord(envelopeOf([trackEvent('b1', DAY_2)], 'anon-2')),
      ])
      expect(summary).toMatchObject({ records: 2, rows: 3, failures: 0 })
      expect(summary.partitions).toEqual(['2026-03-01', '2026-03-02'])
      const contents = await read()
      expect(ids(contents.rows)).toEqual(['2026-03-01 a1', '2026-03-01 a2', '2026-03-02 b1'])
      expect(contents.archived).toBe(2)
      await destination.close()
    })

    it('keeps an undecodable record and an invalid event with their reasons, and loses nothing else', async () => {
      const { destination, read } = await adapter.create()
      const broken = deliveryRecord('{"v":1,"key":"torn')
      const invalid = { type: 'track', messageId: 'bad-1', timestamp: DAY_1, receivedAt: DAY_1 }
      const summary = await destination.deliver([
        deliveryRecord(envelopeOf([trackEvent('ok-1', DAY_1)])),
        broken,
        deliveryRecord(envelopeOf([trackEvent('ok-2', DAY_1), invalid as never])),
      ])
      expect(summary).toMatchObject({ records: 3, rows: 2, failures: 2 })
      const contents = await read()
      expect(ids(contents.rows)).toEqual(['2026-03-01 ok-1', '2026-03-01 ok-2'])
      expect(contents.failures.map((f) => f.reason).sort()).toEqual(['invalid_event', 'not_json'])
      expect(contents.failures.find((f) => f.reason === 'not_json')?.recordId).toBe(
        `${broken.shardId}:${broken.sequenceNumber}`,
      )
      expect(contents.archived).toBe(3) // the raw truth keeps every record, decodable or not
      await destination.close()
    })

    it('adds, never replaces: a record delivered again is there twice (the events view dedupes)', async () => {
      const { destination, read } = await adapter.create()
      const record = deliveryRecord(envelopeOf([trackEvent('d1', DAY_1)]))
      await destination.deliver([record])
      await destination.deliver([record])
      expect(ids((await read()).rows)).toEqual(['2026-03-01 d1', '2026-03-01 d1'])
      await destination.close()
    })
  })
}
