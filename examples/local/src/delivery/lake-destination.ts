import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { Enricher } from '@clickstream/enrich'
import {
  createParquetWriter,
  EVENTS_FOLDER,
  type TransformFailure,
  type TransformInput,
  transformRecords,
} from '@clickstream/lake'
import { LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { removeLeftovers, writeFileAtomic } from './atomic-file.js'
import type { DeliveryDestination, DeliveryRecord, DeliverySummary } from './destination.js'
import { archiveHour, type ErrorType, errorFile, fileStamp, partitionFile } from './lake-layout.js'

const gzipAsync = promisify(gzip)

export interface LakeDestinationOptions {
  /** The lake's root: `events/` and `errors/` below it. */
  lakeRoot: string
  /** The raw archive's root: `events/year=…/` below it. */
  archiveRoot: string
  /** The clock of file names and date folders. @default Date.now */
  now?: () => number
  /** Enriches each row (device, bot, geo, channel columns). @default none: those columns null */
  enricher?: Enricher
}

/**
 * The lake on local files: each delivery runs `transformRecords` (the Firehose Lambda's code) and
 * writes the raw envelopes to the archive (one gzip file per arrival hour), one Parquet file per
 * `event_date` partition and the failures (one JSON line each: the `TransformFailure`, the error
 * type, the record's data base64). Every file is written under a temporary name and renamed; what a
 * crash left half-written is removed when the destination is created.
 */
export async function createLakeDestination(
  options: LakeDestinationOptions,
): Promise<DeliveryDestination & { leftovers: string[] }> {
  const now = options.now ?? Date.now
  const leftovers = [
    ...(await removeLeftovers(join(options.lakeRoot, EVENTS_FOLDER))),
    ...(await removeLeftovers(join(options.lakeRoot, 'errors'))),
    ...(await removeLeftovers(join(options.archiveRoot, EVENTS_FOLDER))),
  ]
  const parquet = await createParquetWriter()
  const transformOptions = options.enricher ? { enricher: options.enricher } : {}

  async function deliver(records: readonly DeliveryRecord[]): Promise<DeliverySummary> {
    const at = now()
    const stamp = fileStamp(at)
    const files: string[] = []
    for (const [hour, group] of groupBy(records, (r) =>
      archiveHour(options.archiveRoot, r.arrivedAt),
    )) {
      const file = join(hour, `${stamp}.jsonl.gz`)
      const lines = group.map((r) => Buffer.concat([Buffer.from(r.data, 'base64'), NEWLINE]))
      await writeFileAtomic(file, await gzipAsync(Buffer.concat(lines)))
      files.push(file)
    }

    const byId = new Map(records.map((r) => [recordId(r), r]))
    const result = transformRecords(records.map(toTransformInput), transformOptions)
    const partitions = new Map<string, string>()
    const failed = new Set<string>()
    for (const out of result.records) {
      if (out.result === 'ProcessingFailed') failed.add(out.recordId)
      const date = out.metadata?.partitionKeys[LAKE_PARTITION_COLUMN]
      if (out.result !== 'Ok' || date === undefined) continue
      partitions.set(
        date,
        (partitions.get(date) ?? '') + Buffer.from(out.data, 'base64').toString(),
      )
    }
    for (const [date, rows] of [...partitions].sort(([a], [b]) => a.localeCompare(b))) {
      files.push((await parquet.write(rows, partitionFile(options.lakeRoot, date, stamp))).file)
    }

    const typeOf = (f: TransformFailure): ErrorType =>
      failed.has(f.recordId) ? 'processing-failed' : 'invalid-event'
    for (const [type, failures] of groupBy(result.failures, typeOf)) {
      const file = errorFile(options.lakeRoot, type, at, stamp)
      const text = failures
        .map(
          (f) => `${JSON.stringify({ ...f, errorType: type, data: byId.get(f.recordId)?.data })}\n`,
        )
        .join('')
      await writeFileAtomic(file, text)
      files.push(file)
    }
    return {
      records: records.length,
      rows: result.rows,
      failures: result.failures.length,
      partitions: [...partitions.keys()].sort(),
      files,
    }
  }

  return {
    leftovers,
    deliver,
    async close() {
      parquet.close()
    },
  }
}

const NEWLINE = Buffer.from('\n')

const recordId = (r: DeliveryRecord) => `${r.shardId}:${r.sequenceNumber}`

/** A record as Firehose hands it to the transformation Lambda. */
export const toTransformInput = (r: DeliveryRecord): TransformInput => ({
  recordId: recordId(r),
  data: r.data,
  approximateArrivalTimestamp: r.arrivedAt,
  kinesisRecordMetadata: {
    shardId: r.shardId,
    sequenceNumber: r.sequenceNumber,
    partitionKey: r.partitionKey,
  },
})

function groupBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}
