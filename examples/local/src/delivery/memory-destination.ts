import type { Enricher } from '@clickstream/enrich'
import { type TransformFailure, transformRecords } from '@clickstream/lake'
import { LAKE_PARTITION_COLUMN, type LakeRow } from '@clickstream/schema'
import type { DeliveryDestination, DeliveryRecord } from './destination.js'
import { toTransformInput } from './lake-destination.js'

/** What the memory destination holds: the lake's rows by partition, failures and raw records. */
export interface MemoryLake {
  partitions: Map<string, LakeRow[]>
  failures: TransformFailure[]
  archived: DeliveryRecord[]
}

/**
 * The lake in memory: the same transformation, its rows kept by `event_date`, for tests of what
 * sits around a destination (buffering, checkpoints) without files or DuckDB.
 */
export function createMemoryDestination(
  options: { enricher?: Enricher } = {},
): DeliveryDestination & { lake: MemoryLake } {
  const lake: MemoryLake = { partitions: new Map(), failures: [], archived: [] }
  return {
    lake,
    async deliver(records) {
      const result = transformRecords(records.map(toTransformInput), options)
      lake.archived.push(...records)
      const written = new Set<string>()
      for (const out of result.records) {
        const date = out.metadata?.partitionKeys[LAKE_PARTITION_COLUMN]
        if (out.result !== 'Ok' || date === undefined) continue
        const rows = Buffer.from(out.data, 'base64').toString().trimEnd().split('\n')
        const partition = lake.partitions.get(date) ?? []
        partition.push(...rows.map((line) => JSON.parse(line) as LakeRow))
        lake.partitions.set(date, partition)
        written.add(date)
      }
      lake.failures.push(...result.failures)
      const partitions = [...written].sort()
      return {
        records: records.length,
        rows: result.rows,
        failures: result.failures.length,
        partitions,
        files: partitions.map((date) => `memory:${LAKE_PARTITION_COLUMN}=${date}`),
      }
    },
    async close() {},
  }
}
