import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  archivedLines,
  duckdb,
  filesUnder,
  lakeErrors,
  lakeRows,
  lakeScan,
} from '../../test/support/lake.js'
import { testDeliveryDestination } from './destination.contract.js'
import { deliveryRecord, envelopeOf, trackEvent } from './fixtures.js'
import { createLakeDestination } from './lake-destination.js'

const base = mkdtempSync(join(tmpdir(), 'clickstream-lake-destination-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
let n = 0
const fresh = () => {
  const root = join(base, String(++n))
  return { lakeRoot: join(root, 'lake'), archiveRoot: join(root, 'archive') }
}

testDeliveryDestination('lake files (Parquet, errors, archive)', {
  async create() {
    const roots = fresh()
    return {
      destination: await createLakeDestination(roots),
      read: async () => ({
        rows: await lakeRows(roots.lakeRoot),
        failures: lakeErrors(roots.lakeRoot) as { reason: string; recordId: string }[],
        archived: archivedLines(roots.archiveRoot).length,
      }),
    }
  },
})

describe('createLakeDestination', () => {
  const now = () => Date.parse('2026-03-02T08:30:00.000Z')
  const arrived = Date.parse('2026-03-02T07:59:59.000Z')

  it('lays files out as on S3: partitions, errors by type and date, the archive by arrival hour', async () => {
    const roots = fresh()
    const destination = await createLakeDestination({ ...roots, now })
    const good = deliveryRecord(envelopeOf([trackEvent('m1', '2026-03-01T12:00:00.000Z')]), arrived)
    const later = deliveryRecord(
      envelopeOf([trackEvent('m2', '2026-03-02T08:00:00.000Z')]),
      arrived + 1000,
    )
    const torn = deliveryRecord('not json at all', arrived)
    const summary = await destination.deliver([good, later, torn])
    await destination.close()

    expect(filesUnder(join(roots.lakeRoot, 'events'), '.parquet')).toEqual([
      expect.stringMatching(/^event_date=2026-03-01\/2026-03-02-08-30-00-[0-9a-f-]{36}\.parquet$/),
      expect.stringMatching(/^event_date=2026-03-02\/2026-03-02-08-30-00-[0-9a-f-]{36}\.parquet$/),
    ])
    expect(filesUnder(join(roots.archiveRoot, 'events'), '.jsonl.gz')).toEqual([
      expect.stringMatching(/^year=2026\/month=03\/day=02\/hour=07\/[\w-]+\.jsonl\.gz$/),
      expect.stringMatching(/^year=2026\/month=03\/day=02\/hour=08\/[\w-]+\.jsonl\.gz$/),
    ])
    // The raw truth: each record's data as it was in the stream, one per line.
    expect(archivedLines(roots.archiveRoot).map((l) => l.line)).toEqual([
      Buffer.from(good.data, 'base64').toString(),
      'not json at all',
      Buffer.from(later.data, 'base64').toString(),
    ])
    expect(filesUnder(join(roots.lakeRoot, 'errors'), '.jsonl')).toEqual([
      expect.stringMatching(/^processing-failed\/2026-03-02\/[\w-]+\.jsonl$/),
    ])
    expect(lakeErrors(roots.lakeRoot)).toEqual([
      expect.objectContaining({
        reason: 'not_json',
        errorType: 'processing-failed',
        shardId: torn.shardId,
        sequenceNumber: torn.sequenceNumber,
        data: torn.data,
        message: expect.any(String),
      }),
    ])
    expect(summary.files).toHaveLength(5)
  })

  it('writes every column of the row, typed', async () => {
    const roots = fresh()
    const destination = await createLakeDestination(roots)
    await destination.deliver([
      deliveryRecord(envelopeOf([trackEvent('t1', '2026-03-01T12:00:00.250Z')])),
    ])
    await destination.close()
    const [row] = await duckdb(
      `SELECT message_id, type, event, anonymous_id, source_id, partition_key, timestamp, properties->>'sku' AS sku, event_date FROM ${lakeScan(roots.lakeRoot)}`,
    )
    expect(row).toMatchObject({
      message_id: 't1',
      type: 'track',
      event: 'Product Viewed',
      anonymous_id: 'anon-1',
      source_id: 'local-dev',
      partition_key: 'anon-1',
      sku: 'sku-t1',
    })
    expect(String((row?.timestamp as Date | undefined)?.toISOString())).toBe(
      '2026-03-01T12:00:00.250Z',
    )
  })

  it('removes what a crash left half-written, and no reader ever took it', async () => {
    const roots = fresh()
    const first = await createLakeDestination(roots)
    await first.deliver([
      deliveryRecord(envelopeOf([trackEvent('k1', '2026-03-01T12:00:00.000Z')])),
    ])
    await first.close()
    const partition = join(roots.lakeRoot, 'events', 'event_date=2026-03-01')
    const hour = join(roots.archiveRoot, 'events', 'year=2026', 'month=03', 'day=01', 'hour=10')
    mkdirSync(hour, { recursive: true })
    const leftovers = [
      join(partition, '.tmp-1b2c.parquet-partial'),
      join(partition, '.tmp-1b2c.jsonl'),
      join(hour, '.tmp-9f.x.jsonl.gz-partial'),
    ]
    for (const file of leftovers) writeFileSync(file, 'PAR1 half a file')
    // A reader globbing the lake takes the complete file only (a half one would fail the query).
    expect(await duckdb(`SELECT count(*)::INTEGER AS n FROM ${lakeScan(roots.lakeRoot)}`)).toEqual([
      { n: 1 },
    ])

    const second = await createLakeDestination(roots)
    await second.close()
    expect(second.leftovers.sort()).toEqual([...leftovers].sort())
    for (const file of leftovers) expect(existsSync(file), file).toBe(false)
    expect((await lakeRows(roots.lakeRoot)).map((r) => r.message_id)).toEqual(['k1'])
  })
})
