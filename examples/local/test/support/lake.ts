import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { DuckDBInstance } from '@duckdb/node-api'

/** Files under `root` (recursive, relative paths) whose names end in `suffix`; none when absent. */
export function filesUnder(root: string, suffix: string): string[] {
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith(suffix))
      .sort()
  } catch {
    return []
  }
}

/** Runs SQL on a fresh in-process DuckDB; rows as JS objects. */
export async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** The glob readers use: `events/*\/*.parquet`, Hive partitions. */
export const lakeScan = (lakeRoot: string) =>
  `read_parquet('${join(lakeRoot, 'events', '*', '*.parquet')}', hive_partitioning = true)`

/** Every row of the lake (plain `read_parquet`, duplicates and all), with its partition. */
export async function lakeRows(
  lakeRoot: string,
): Promise<{ message_id: string; event_date: string; [column: string]: unknown }[]> {
  if (filesUnder(join(lakeRoot, 'events'), '.parquet').length === 0) return []
  return (await duckdb(
    `SELECT * REPLACE (event_date::VARCHAR AS event_date) FROM ${lakeScan(lakeRoot)} ORDER BY message_id`,
  )) as { message_id: string; event_date: string }[]
}

/** `count(*)` and `count(DISTINCT message_id)` of the lake: the deduplicated view's row count. */
export async function lakeCounts(lakeRoot: string): Promise<{ rows: number; distinct: number }> {
  if (filesUnder(join(lakeRoot, 'events'), '.parquet').length === 0) return { rows: 0, distinct: 0 }
  const [counts] = await duckdb(
    `SELECT count(*)::INTEGER AS rows, count(DISTINCT message_id)::INTEGER AS distinct FROM ${lakeScan(lakeRoot)}`,
  )
  return counts as { rows: number; distinct: number }
}

/** Every line of the lake's error files, parsed, with the file's error type folder. */
export function lakeErrors(lakeRoot: string): Record<string, unknown>[] {
  const root = join(lakeRoot, 'errors')
  return filesUnder(root, '.jsonl').flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => ({ folder: file.split('/')[0], ...JSON.parse(line) })),
  )
}

/** Every line of the raw archive's gzip files (`events/year=…/…/*.jsonl.gz`), with its file. */
export function archivedLines(archiveRoot: string): { file: string; line: string }[] {
  const root = join(archiveRoot, 'events')
  return filesUnder(root, '.jsonl.gz').flatMap((file) =>
    gunzipSync(readFileSync(join(root, file)))
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => ({ file, line })),
  )
}
