import { LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { testDeliveryDestination } from './destination.contract.js'
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
