import { join } from 'node:path'
import type { Enricher } from '@clickstream/enrich'
import { createParquetWriter, partitionFolder, transformRecords } from '@clickstream/lake'
import { encodeEnvelope, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import type { SimulatedEnvelope } from '../../src/simulate/envelopes.js'

/**
 * Simulated envelopes into a lake at `root` as the local delivery stream writes it, in one
 * delivery: `transformRecords` (with `enricher`) and one Parquet file per event date
 * (`createParquetWriter`).
 */
export async function writeSimulatedLake(
  root: string,
  arrived: readonly SimulatedEnvelope[],
  enricher: Enricher,
): Promise<void> {
  const result = transformRecords(
    arrived.map(({ arrivedAt, envelope }, index) => ({
      recordId: String(index),
      data: Buffer.from(encodeEnvelope(envelope)).toString('base64'),
      approximateArrivalTimestamp: arrivedAt,
    })),
    { enricher },
  )
  const byDate = new Map<string, string[]>()
  for (const record of result.records) {
    const date = record.metadata?.partitionKeys[LAKE_PARTITION_COLUMN]
    if (record.result !== 'Ok' || date === undefined) continue
    byDate.set(date, [
      ...(byDate.get(date) ?? []),
      Buffer.from(record.data, 'base64').toString('utf8'),
    ])
  }
  const writer = await createParquetWriter()
  try {
    for (const [date, rows] of byDate)
      await writer.write(rows.join(''), join(partitionFolder(root, date), 'part-000000.parquet'))
  } finally {
    writer.close()
  }
}
