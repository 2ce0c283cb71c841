import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Where a poller resumes: the last sequence number fully processed, per shard. */
export interface CheckpointStore {
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
 * Checkpoints in a JSON file, written atomically (temp file + rename) on every save, so a crash
 * at any moment leaves the previous or the new checkpoint, never a torn one.
 */
export function createFileCheckpoints(file: string): CheckpointStore {
  let state: Record<string, string> = {}
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
  } catch {
    state = {}
  }
  return {
    load: () => ({ ...state }),
    save: (shardId, sequenceNumber) => {
      state = { ...state, [shardId]: sequenceNumber }
      mkdirSync(dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      writeFileSync(temp, JSON.stringify(state, null, 2))
      renameSync(temp, file)
    },
  }
}
