import { join } from 'node:path'
import { LAKE_PARTITION_COLUMN } from '@clickstream/schema'

/**
 * The lake's and the raw archive's layout, one home for every reader and writer (the local
 * delivery stream, `pnpm sql`, `pnpm replay`, the benchmark), the layout S3 has on AWS:
 * - `<lake>/events/event_date=YYYY-MM-DD/<name>.parquet`; temporary files never end in `.parquet`;
 * - `<archive>/events/year=YYYY/month=MM/day=DD/hour=HH/<name>.jsonl.gz` (arrival time, UTC), the
 *   CDK's `ARCHIVE_PREFIX`.
 */
export const EVENTS_FOLDER = 'events'

/** The glob readers use: every Parquet file of every partition (temporary files never match). */
export const eventsGlob = (lake: string) => join(lake, EVENTS_FOLDER, '*', '*.parquet')

/** The folder of one event date's files: `<lake>/events/event_date=YYYY-MM-DD`. */
export const partitionFolder = (lake: string, date: string) =>
  join(lake, EVENTS_FOLDER, `${LAKE_PARTITION_COLUMN}=${date}`)

/** `events/year=YYYY/month=MM/day=DD/hour=HH/` (UTC) of an arrival time: an archive hour folder. */
export function archiveHourFolder(arrivedAtMs: number): string {
  const iso = new Date(arrivedAtMs).toISOString()
  return `${EVENTS_FOLDER}/year=${iso.slice(0, 4)}/month=${iso.slice(5, 7)}/day=${iso.slice(8, 10)}/hour=${iso.slice(11, 13)}/`
}
