import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { EVENTS_FOLDER, lakeFiles } from '@clickstream/lake'
import { personKey } from '@clickstream/privacy'
import { DuckDBInstance } from '@duckdb/node-api'

/**
 * Temporary files of a rewrite: never `*.parquet` nor `*.jsonl.gz`, so no reader's glob takes
 * them, and not the delivery stream's own `.tmp-*` (which it cleans up itself).
 */
const TEMP_PREFIX = '.privacy-tmp-'

/** Fault injection for tests: called before a rewritten file replaces the old one. */
export interface RewriteHooks {
  beforeReplace?: (file: string) => Promise<void> | void
}

/** What rewriting files removed. */
export interface FilesRewritten {
  /** Rows (lake) or events (archive) removed. */
  removed: number
  /** Files rewritten with the rest kept, and files deleted because nothing was left. */
  rewritten: number
  deleted: number
}

/** Removes what a crashed rewrite left in `folder` (its temporary files only). */
async function removeLeftovers(folder: string) {
  for (const name of await readdir(folder).catch(() => [] as string[]))
    if (name.startsWith(TEMP_PREFIX)) await rm(join(folder, name), { force: true })
}

/** A file's replacement: written under a temporary name in its folder, then renamed over it. */
async function replace(file: string, write: (temp: string) => Promise<void>, hooks: RewriteHooks) {
  const temp = join(dirname(file), `${TEMP_PREFIX}${randomUUID()}`)
  try {
    await write(temp)
    await hooks.beforeReplace?.(file)
    await rename(temp, file)
  } finally {
    await rm(temp, { force: true })
  }
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`

/**
 * Rewrites the lake's Parquet files (`events/event_date=…/*.parquet`) that hold rows whose
 * `user_id` or `anonymous_id` digest (`personKey`, SHA-256 in DuckDB) is listed: the kept rows
 * go to a new zstd file renamed over the old one (a crash leaves either), a file left empty is
 * deleted. Files with none of their rows are not touched. Idempotent.
 */
export async function rewriteLake(
  lakeRoot: string,
  digests: readonly string[],
  hooks: RewriteHooks = {},
): Promise<FilesRewritten> {
  const result: FilesRewritten = { removed: 0, rewritten: 0, deleted: 0 }
  if (digests.length === 0 || !existsSync(join(lakeRoot, EVENTS_FOLDER))) return result
  const files = lakeFiles(lakeRoot)
  for (const folder of new Set(files.map((f) => dirname(f)))) await removeLeftovers(folder)
  const list = digests.map(sqlString).join(', ')
  const hit = (kind: string, column: string) =>
    `coalesce(sha256(${sqlString(`${kind}:`)} || "${column}") IN (${list}), false)`
  const match = `(${hit('userId', 'user_id')} OR ${hit('anonymousId', 'anonymous_id')})`
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    for (const file of files) {
      const source = `read_parquet(${sqlString(file)})`
      const [row] = (
        await connection.runAndReadAll(
          `SELECT count(*) FILTER (WHERE ${match})::INTEGER AS hits, count(*)::INTEGER AS total FROM ${source}`,
        )
      ).getRowObjectsJS() as { hits: number; total: number }[]
      const { hits, total } = row as { hits: number; total: number }
      if (hits === 0) continue
      result.removed += hits
      if (hits === total) {
        await hooks.beforeReplace?.(file)
        await rm(file, { force: true })
        result.deleted++
        continue
      }
      await replace(
        file,
        async (temp) => {
          await connection.run(
            `COPY (SELECT * FROM ${source} WHERE NOT ${match}) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION zstd)`,
          )
        },
        hooks,
      )
      result.rewritten++
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  return result
}

/** Every archive object's file: `events/year=…/month=…/day=…/hour=…/*.jsonl.gz`. */
async function archiveFiles(archiveRoot: string): Promise<string[]> {
  const root = join(archiveRoot, EVENTS_FOLDER)
  if (!existsSync(root)) return []
  const names = await readdir(root, { recursive: true, encoding: 'utf8' })
  return names
    .filter((name) => name.endsWith('.jsonl.gz') && !basename(name).startsWith(TEMP_PREFIX))
    .map((name) => join(root, name))
    .sort()
}

interface ArchivedEvent {
  userId?: unknown
  anonymousId?: unknown
}

/**
 * Rewrites the raw archive's gzip files holding events of the listed digests: those events are
 * dropped from their envelopes (one JSON per line), an envelope left without events is dropped,
 * a file left without envelopes deleted; written under a temporary name then renamed. Idempotent.
 */
export async function rewriteArchive(
  archiveRoot: string,
  digests: readonly string[],
  hooks: RewriteHooks = {},
): Promise<FilesRewritten> {
  const result: FilesRewritten = { removed: 0, rewritten: 0, deleted: 0 }
  if (digests.length === 0) return result
  const listed = new Set(digests)
  const seen = new Map<string, boolean>()
  const matches = async (kind: 'userId' | 'anonymousId', id: unknown) => {
    if (typeof id !== 'string' || id === '') return false
    const key = `${kind}:${id}`
    let hit = seen.get(key)
    if (hit === undefined) {
      hit = listed.has(await personKey(kind, id))
      seen.set(key, hit)
    }
    return hit
  }
  const files = await archiveFiles(archiveRoot)
  for (const folder of new Set(files.map((f) => dirname(f)))) await removeLeftovers(folder)
  for (const file of files) {
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
    let removed = 0
    const kept: string[] = []
    for (const line of lines) {
      const envelope = JSON.parse(line) as { events?: ArchivedEvent[] }
      const events: ArchivedEvent[] = []
      for (const event of envelope.events ?? []) {
        if (
          (await matches('userId', event.userId)) ||
          (await matches('anonymousId', event.anonymousId))
        )
          removed++
        else events.push(event)
      }
      if (events.length === (envelope.events ?? []).length) kept.push(line)
      else if (events.length > 0) kept.push(JSON.stringify({ ...envelope, events }))
    }
    if (removed === 0) continue
    result.removed += removed
    if (kept.length === 0) {
      await hooks.beforeReplace?.(file)
      await rm(file, { force: true })
      result.deleted++
    } else {
      await replace(file, (temp) => writeFile(temp, gzipSync(`${kept.join('\n')}\n`)), hooks)
      result.rewritten++
    }
  }
  return result
}
