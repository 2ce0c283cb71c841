import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tempDirs } from '../../test/temp-dirs.js'
import { SourceUnreadableError } from '../errors.js'
import { writeArchiveFiles } from '../fixtures/archive-objects.js'
import { createArchiveFilesSource } from './archive-files.js'
import { replaySourceContract } from './replay-source.contract.js'
import type { SkippedRecord } from './replay-source.js'

const fresh = tempDirs('replay-archive-')

// Two envelopes per object, so an hour has several files.
replaySourceContract('archive files (jsonl.gz by arrival hour)', async (envelopes) => {
  const root = fresh()
  await writeArchiveFiles(root, envelopes, { recordsPerObject: 2 })
  return createArchiveFilesSource({ root })
})

describe('archive files source', () => {
  const hour = join('events', 'year=2026', 'month=03', 'day=01', 'hour=10')
  const range = {
    fromMs: Date.parse('2026-03-01T10:00:00Z'),
    toMs: Date.parse('2026-03-01T11:00:00Z'),
  }

  it('names a truncated gzip file instead of skipping it', async () => {
    const root = fresh()
    mkdirSync(join(root, hour), { recursive: true })
    writeFileSync(join(root, hour, 'cut.jsonl.gz'), gzipSync('{"v":1}\n').subarray(0, 12))
    const read = async () => {
      for await (const _ of createArchiveFilesSource({ root }).read(range));
    }
    const error = await read().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceUnreadableError)
    expect((error as Error).message).toContain('cut.jsonl.gz')
  })

  it('reports a line that is no envelope, with its file and line, and reads the others', async () => {
    const root = fresh()
    mkdirSync(join(root, hour), { recursive: true })
    const good = {
      v: 1,
      key: 'k',
      sourceId: 's',
      receivedAt: '2026-03-01T10:00:01.000Z',
      events: [
        {
          type: 'track',
          event: 'E',
          anonymousId: 'k',
          messageId: 'm1',
          timestamp: '2026-03-01T10:00:00.000Z',
          receivedAt: '2026-03-01T10:00:01.000Z',
        },
      ],
    }
    writeFileSync(join(root, hour, 'f.jsonl.gz'), gzipSync(`not json\n${JSON.stringify(good)}\n`))
    const skipped: SkippedRecord[] = []
    const ids: string[] = []
    for await (const r of createArchiveFilesSource({ root }).read(range, (s) => skipped.push(s)))
      ids.push(...r.events.map((e) => e.messageId))
    expect(ids).toEqual(['m1'])
    expect(skipped).toMatchObject([
      { reason: 'not_json', where: expect.stringContaining('f.jsonl.gz:1') },
    ])
  })
})
