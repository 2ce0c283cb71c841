import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { NoLakeError } from '../errors.js'

/** Where a lake's event files are, relative to its root (Hive style: `event_date=YYYY-MM-DD`). */
export const EVENTS_FOLDER = 'events'

/** The glob readers use: every Parquet file of every partition (temporary files never match). */
export const eventsGlob = (lake: string) => join(lake, EVENTS_FOLDER, '*', '*.parquet')

/** The lake's Parquet files; a `NoLakeError` when it has no `events/` folder. */
export function lakeFiles(lake: string): string[] {
  const events = join(lake, EVENTS_FOLDER)
  if (!existsSync(events)) throw new NoLakeError(lake)
  const files: string[] = []
  for (const partition of readdirSync(events, { withFileTypes: true })) {
    if (!partition.isDirectory()) continue
    for (const file of readdirSync(join(events, partition.name)))
      if (file.endsWith('.parquet')) files.push(join(events, partition.name, file))
  }
  return files.sort()
}
