import { randomUUID } from 'node:crypto'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * The prefix of every file the lake is still writing (the Parquet writer's too). Such a name never
 * ends in `.parquet`, `.jsonl` or `.jsonl.gz`, so no reader's glob takes a half-written file.
 */
export const TEMPORARY_PREFIX = '.tmp-'

/** Writes `file` whole or not at all: under a temporary name in its directory, then renamed. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temp = join(dirname(file), `${TEMPORARY_PREFIX}${randomUUID()}.${basename(file)}-partial`)
  try {
    await writeFile(temp, data)
    await rename(temp, file)
  } finally {
    await rm(temp, { force: true }).catch(() => {})
  }
}

/**
 * Removes what a crash left half-written under `root` (files named `.tmp-…`, at any depth), and
 * returns their paths. Run at start, before anything writes there.
 */
export async function removeLeftovers(root: string): Promise<string[]> {
  let entries: string[]
  try {
    entries = await readdir(root, { recursive: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const leftovers = entries
    .filter((entry) => basename(entry).startsWith(TEMPORARY_PREFIX))
    .map((entry) => join(root, entry))
  await Promise.all(leftovers.map((file) => rm(file, { force: true, recursive: true })))
  return leftovers
}
