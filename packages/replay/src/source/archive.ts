import { gunzipSync } from 'node:zlib'
import { archiveHourFolder } from '@clickstream/lake'
import { SourceUnreadableError } from '../errors.js'
import type { ReplayRange } from '../range.js'
import {
  digits,
  envelopeRecord,
  type ReplayRecord,
  type ReplaySource,
  type SkippedRecord,
} from './replay-source.js'

const HOUR_MS = 3_600_000

/** How an archive adapter reaches its objects: by hour folder, then by name. */
export interface ArchiveStore {
  /** `archive at …`, for messages. */
  describe: string
  /** Names (relative to the archive root) of the gzip objects under an hour folder, sorted. */
  list(hourFolder: string): Promise<string[]>
  /** An object's bytes. */
  get(name: string): Promise<Uint8Array>
  close(): Promise<void>
}

/** The archive's objects are gzip JSON lines; an adapter lists only those. */
export const isArchiveObject = (name: string) =>
  name.endsWith('.gz') && !name.split('/').at(-1)?.startsWith('.')

/**
 * The raw archive as a replay source, over any store of its objects: hours from an hour before the
 * range to an hour after it (the archive files by arrival, a little after the collector received),
 * objects by name, lines in order. Position: the hour, the object's index in it, the line.
 */
export function createArchiveSource(store: ArchiveStore): ReplaySource {
  return {
    describe: store.describe,
    shardId: 'replay-archive',
    async *read(range: ReplayRange, onSkipped?: (skipped: SkippedRecord) => void) {
      const first = Math.floor(range.fromMs / HOUR_MS) * HOUR_MS - HOUR_MS
      for (let hour = Math.max(0, first); hour < range.toMs + HOUR_MS; hour += HOUR_MS) {
        const names = await store.list(archiveHourFolder(hour))
        for (const [file, name] of names.entries()) {
          yield* objectRecords(
            name,
            await store.get(name),
            `${digits(hour, 15)}${digits(file, 6)}`,
            range,
            onSkipped,
          )
        }
      }
    },
    close: () => store.close(),
  }
}

function* objectRecords(
  name: string,
  bytes: Uint8Array,
  prefix: string,
  range: ReplayRange,
  onSkipped: ((skipped: SkippedRecord) => void) | undefined,
): Iterable<ReplayRecord> {
  let text: string
  try {
    text = gunzipSync(bytes).toString('utf8')
  } catch (error) {
    throw new SourceUnreadableError(
      `archive object ${name}`,
      `not gzip, or truncated (${(error as Error).message})`,
      { cause: error },
    )
  }
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    const record = envelopeRecord(
      line,
      `${name}:${index + 1}`,
      `${prefix}${digits(index, 9)}`,
      range,
      onSkipped,
    )
    if (record) yield record
  }
}
