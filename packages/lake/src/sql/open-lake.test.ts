import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kinesisRecords, message, objects, tempDir, writeLake } from '../../test/lake-fixture.js'
import { CorruptParquetError, FullScanError, NoLakeError, QueryError } from '../errors.js'
import { openLake } from './open-lake.js'

let temp: Awaited<ReturnType<typeof tempDir>>
let lake: string
beforeAll(async () => {
  temp = await tempDir()
  lake = join(temp.dir, 'lake')
  const day = (n: number) => [message({ id: `e${n}`, at: n * 24 * 60 })]
  // Three days, one file each.
  await writeLake(lake, [
    kinesisRecords([day(0)]),
    kinesisRecords([day(1)]),
    kinesisRecords([day(2)]),
  ])
})
afterAll(async () => temp.remove())

const count = async (open: Awaited<ReturnType<typeof openLake>>, sql: string) =>
  objects(await open.query(sql))[0]?.n

describe('openLake on bad input', () => {
  it('no lake yet: says how to start one', async () => {
    const error = await openLake({ lake: join(temp.dir, 'none') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoLakeError)
    expect((error as Error).message).toContain('pnpm start')
  })

  it('a lake without files yet, and a date without a partition: empty answers', async () => {
    const empty = join(temp.dir, 'empty')
    await mkdir(join(empty, 'events'), { recursive: true })
    const open = await openLake({ lake: empty })
    expect(await count(open, 'SELECT count(*) AS n FROM sessions')).toBe(0)
    open.close()
    const full = await openLake({ lake })
    expect(
      await count(full, "SELECT count(*) AS n FROM events WHERE event_date = '2031-01-01'"),
    ).toBe(0)
    expect(
      await count(full, "SELECT count(*) AS n FROM events WHERE event_date = '2026-03-02'"),
    ).toBe(1)
    full.close()
  })

  it('a malformed query: DuckDB’s message with the position', async () => {
    const open = await openLake({ lake })
    const error = await open.query('SELECT count(* FROM events').catch((e: unknown) => e)
    open.close()
    expect(error).toBeInstanceOf(QueryError)
    expect((error as Error).message).toMatch(
      /syntax error at or near "FROM"[\s\S]*LINE 1:[\s\S]*\^/,
    )
  })

  it('a truncated Parquet file: names the file, and writes nothing', async () => {
    const broken = join(temp.dir, 'broken')
    await writeLake(broken, [kinesisRecords([[message({ id: 'x', at: 0 })]])])
    const folder = join(broken, 'events', 'event_date=2026-03-01')
    const [file] = await readdir(folder)
    const path = join(folder, file as string)
    const bytes = await readFile(path)
    await writeFile(path, bytes.subarray(0, bytes.length - 20))
    const error = await openLake({ lake: broken }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CorruptParquetError)
    expect((error as CorruptParquetError).file).toBe(path)
    expect((error as Error).message).toContain(path)
    expect(await readdir(folder)).toEqual([file])
  })

  it('the scan guard: past the file limit, whole-lake queries are refused, restricted ones run', async () => {
    const guarded = await openLake({ lake, maxScanFiles: 2 })
    const refused = await guarded.query('SELECT count(*) FROM events').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(FullScanError)
    expect((refused as FullScanError).files).toBe(3)
    const sessions = await guarded
      .query("SELECT count(*) FROM sessions WHERE event_date = '2026-03-01'")
      .catch((e: unknown) => e)
    expect((sessions as FullScanError).views).toEqual(['sessions'])
    const restricted =
      "SELECT count(*) AS n FROM pages p JOIN tracks t USING (message_id) WHERE p.event_date >= '2026-03-02'"
    expect(await count(guarded, restricted)).toBe(0)
    expect(
      await count(guarded, "SELECT count(*) AS n FROM events WHERE event_date >= '2026-03-02'"),
    ).toBe(2)
    guarded.close()
    const allowed = await openLake({ lake, maxScanFiles: 2, fullScan: true })
    expect(await count(allowed, 'SELECT count(*) AS n FROM sessions')).toBe(3)
    allowed.close()
    const ranged = await openLake({
      lake,
      maxScanFiles: 2,
      range: { from: '2026-03-02', to: '2026-03-03' },
    })
    expect(await count(ranged, 'SELECT count(*) AS n FROM sessions')).toBe(2)
    ranged.close()
  })
})
