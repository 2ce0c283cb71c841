import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SourceUnreadableError } from '../errors.js'
import { createArchiveSource, isArchiveObject } from './archive.js'
import type { ReplaySource } from './replay-source.js'

export interface ArchiveFilesOptions {
  /** The folder holding `events/year=…/`: `<dataDir>/archive` locally. */
  root: string
}

/** The local raw archive (`<dataDir>/archive/events/year=…/hour=…/*.jsonl.gz`) as a replay source. */
export function createArchiveFilesSource(options: ArchiveFilesOptions): ReplaySource {
  return createArchiveSource({
    describe: `the archive at ${options.root}`,
    async list(folder) {
      try {
        const names = await readdir(join(options.root, folder))
        return names
          .filter(isArchiveObject)
          .sort()
          .map((name) => `${folder}${name}`)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw new SourceUnreadableError(join(options.root, folder), String(error), { cause: error })
      }
    },
    async get(name) {
      try {
        return await readFile(join(options.root, name))
      } catch (error) {
        throw new SourceUnreadableError(join(options.root, name), String(error), { cause: error })
      }
    },
    async close() {},
  })
}
