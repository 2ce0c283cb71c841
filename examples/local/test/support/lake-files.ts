import { join } from 'node:path'
import { openEnricher } from '@clickstream/enrich'
import { createParquetWriter, partitionFolder, transformRecords } from '@clickstream/lake'
import { encodeEnvelope, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import type { SimulatedEnvelope } from '../../src/simulate/envelopes.js'

/**
 * Envelopes into a lake at `root` as the delivery stream writes them (one delivery: the
 * transformation with the default enricher, one Parquet file per event date). An event the
 * transformation refuses fails the test.
 */
export async function writeTestLake(root: string, envelopes: readonly SimulatedEnvelope[]) {
  const { records, failures } = transformRecords(
    envelopes.map(({ arrivedAt, envelope }, i) => ({
      recordId: String(i),
      data: Buffer.from(encodeEnvelope(envelope)).toString('base64'),
      approximateArrivalTimestamp: arrivedAt,
    })),
    { enricher: openEnricher() },
  )
  if (failures.length > 0)
    throw new Error(`not written to the test lake: ${JSON.stringify(failures.slice(0, 3))}`)
  const byDate = new Map<string, string[]>()
  for (const r of records) {
    const date = r.metadata?.partitionKeys[LAKE_PARTITION_COLUMN]
    if (r.result !== 'Ok' || date === undefined) continue
    byDate.set(date, [...(byDate.get(date) ?? []), Buffer.from(r.data, 'base64').toString('utf8')])
  }
  const writer = await createParquetWriter()
  try {
    for (const [date, lines] of byDate)
      await writer.write(lines.join(''), join(partitionFolder(root, date), 'part-0.parquet'))
  } finally {
    writer.close()
  }
}
