import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { archiveHourFolder, partitionFolder } from '@clickstream/lake'

/**
 * Where the local lake and raw archive keep their files, the layout S3 has on AWS:
 * - `<lake>/events/event_date=YYYY-MM-DD/<stamp>.parquet`, one file per partition per flush;
 * - `<lake>/errors/<error type>/YYYY-MM-DD/<stamp>.jsonl` (the flush's UTC date);
 * - `<archive>/events/year=YYYY/month=MM/day=DD/hour=HH/<stamp>.jsonl.gz` (arrival time, UTC), the
 *   CDK's `ARCHIVE_PREFIX`.
 */
export const partitionFile = (lakeRoot: string, date: string, stamp: string) =>
  join(partitionFolder(lakeRoot, date), `${stamp}.parquet`)

/** Firehose's error output type of a record it could not transform; invalid events are our own. */
export type ErrorType = 'processing-failed' | 'invalid-event'

export const errorFile = (lakeRoot: string, type: ErrorType, at: number, stamp: string) =>
  join(lakeRoot, 'errors', type, new Date(at).toISOString().slice(0, 10), `${stamp}.jsonl`)

/** The archive's hour folder of an arrival time. */
export const archiveHour = (archiveRoot: string, arrivedAt: number): string =>
  join(archiveRoot, archiveHourFolder(arrivedAt))

/** A flush's file name stem, like Firehose's object names: `YYYY-MM-DD-HH-mm-ss-<uuid>`. */
export const fileStamp = (at: number) =>
  `${new Date(at).toISOString().slice(0, 19).replaceAll(/[T:]/g, '-')}-${randomUUID()}`
