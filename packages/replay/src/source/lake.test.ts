import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDirs } from '../../test/temp-dirs.js'
import { SourceUnreadableError } from '../errors.js'
import { writeLakeFiles } from '../fixtures/lake-files.js'
import { createLakeSource } from './lake.js'
import { replaySourceContract } from './replay-source.contract.js'

const fresh = tempDirs('replay-lake-')

// Two deliveries, so one event date has two files.
replaySourceContract('lake (Parquet files, DuckDB)', async (envelopes) => {
  const root = fresh()
  await writeLakeFiles(root, envelopes, { rowsPerDelivery: 3 })
  return createLakeSource({ root })
})

describe('lake source', () => {
  const range = { fromMs: 0, toMs: Date.parse('2030-01-01') }
  const drain = async (root: string) => {
    const out = []
    for await (const record of createLakeSource({ root }).read(range)) out.push(record)
    return out
  }

  it('reads an empty lake (no file yet) as no records', async () => {
    expect(await drain(fresh())).toEqual([])
  })

  it('names a corrupt Parquet file instead of skipping it', async () => {
    const root = fresh()
    mkdirSync(join(root, 'events', 'event_date=2026-03-01'), { recursive: true })
    writeFileSync(
      join(root, 'events', 'event_date=2026-03-01', 'broken.parquet'),
      'PAR1 not really',
    )
    const error = await drain(root).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceUnreadableError)
    expect((error as Error).message).toContain('broken.parquet')
  })
})
