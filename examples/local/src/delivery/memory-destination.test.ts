import { enrichInputOf, openEnricher } from '@clickstream/enrich'
import { type EnrichedMessage, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { testDeliveryDestination } from './destination.contract.js'
import { deliveryRecord, envelopeOf, trackEvent } from './fixtures.js'
import { createMemoryDestination } from './memory-destination.js'

testDeliveryDestination('memory', {
  async create() {
    const destination = createMemoryDestination()
    const { lake } = destination
    return {
      destination,
      read: async () => ({
        rows: [...lake.partitions].flatMap(([date, rows]) =>
          rows.map((r) => ({ message_id: String(r.message_id), [LAKE_PARTITION_COLUMN]: date })),
        ) as { message_id: string; event_date: string }[],
        failures: lake.failures,
        archived: lake.archived.length,
      }),
    }
  },
})

describe('the memory destination with the pipeline’s enricher', () => {
  it('gives each row the enrichment its event gets from that enricher', async () => {
    const enricher = openEnricher({ anonymizeIp: true })
    const event: EnrichedMessage = {
      ...trackEvent('m-1', '2026-03-01T10:00:00.000Z'),
      context: {
        ip: '8.8.8.8',
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        page: { url: 'https://shop.example/?utm_source=newsletter&utm_medium=email' },
      },
    }
    const destination = createMemoryDestination({ enricher })
    await destination.deliver([deliveryRecord(envelopeOf([event]))])
    const [row] = destination.lake.partitions.get('2026-03-01') ?? []
    const { enrichment, ip } = enricher.enrich(enrichInputOf(event))
    expect(row).toMatchObject({
      device_type: enrichment.deviceType,
      is_bot: enrichment.bot,
      country: enrichment.country ?? null,
      channel: enrichment.channel,
      traffic_medium: enrichment.trafficMedium ?? null,
      ip: ip ?? null,
    })
  })
})
