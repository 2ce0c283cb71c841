import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { NoLakeError } from '../errors.js'
import { EVENTS_FOLDER } from '../layout.js'

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
