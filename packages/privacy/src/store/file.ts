import { readFile, rename, writeFile } from 'node:fs/promises'
import { EMPTY_SUPPRESSION, parseSuppression } from '../suppression.js'
import { type SuppressionStore, withAdded } from './store.js'

/**
 * The suppression list in a JSON file (the local pipeline, a Node collector): a missing file is
 * the empty list; writes go to a temporary file renamed over it, so a reader never sees half a list.
 */
export function createFileSuppressionStore(path: string): SuppressionStore {
  const read = async () => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_SUPPRESSION
      throw error
    }
    return parseSuppression(text, path)
  }
  return {
    read,
    async add(ids) {
      const [next, added] = withAdded(await read(), ids)
      if (added === 0) return 0
      const temporary = `${path}.${process.pid}.tmp`
      await writeFile(temporary, JSON.stringify(next))
      await rename(temporary, path)
      return added
    },
  }
}
