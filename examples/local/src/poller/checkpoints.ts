import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { CheckpointFileError } from '../errors.js'

/** Where a poller resumes: the last sequence number fully processed, per shard. */
export interface CheckpointStore {
  /** A copy: changing it changes nothing stored. */
  load(): Record<string, string>
  save(shardId: string, sequenceNumber: string): void
}

export function createMemoryCheckpoints(initial: Record<string, string> = {}): CheckpointStore {
  const state = { ...initial }
  return {
    load: () => ({ ...state }),
    save: (shardId, sequenceNumber) => {
      state[shardId] = sequenceNumber
    },
  }
}

/**
 * Checkpoints in a JSON file, written atomically on every save (temp file + rename), so a crash
 * of the process at any moment leaves the previous or the new checkpoint, never a torn one. No
 * fsync (it would block the poller ~10 ms a batch): after a power loss the file may be older, or
 * on some file systems empty. A missing file is a first start; a file that is not checkpoints
 * throws {@link CheckpointFileError} rather than silently starting every shard over from the
 * trim horizon.
 */
export function createFileCheckpoints(file: string): CheckpointStore {
  let state = readCheckpointFile(file)
  return {
    load: () => ({ ...state }),
    save: (shardId, sequenceNumber) => {
      const next = { ...state, [shardId]: sequenceNumber }
      mkdirSync(dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      writeFileSync(temp, JSON.stringify(next, null, 2))
      renameSync(temp, file)
      state = next
    },
  }
}

function readCheckpointFile(file: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CheckpointFileError(file, 'cannot be read', { cause: error })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CheckpointFileError(file, 'is not JSON (torn or edited)', { cause: error })
  }
  const isCheckpoints =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  if (!isCheckpoints) {
    throw new CheckpointFileError(file, 'does not map shard ids to sequence numbers')
  }
  return value as Record<string, string>
}
