import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EnrichedMessage } from '@clickstream/schema'
import { LAKE_COLUMNS } from '@clickstream/schema'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ParquetWriteError } from './errors.js'
import { flattenEvent } from './flatten.js'
import { createParquetWriter, type ParquetWriter } from './parquet.js'

const dir = mkdtempSync(join(tmpdir(), 'lake-parquet-'))
let writer: ParquetWriter
beforeAll(async () => {
  writer = await createParquetWriter()
})
afterAll(() => {
  writer.close()
  rmSync(dir, { recursive: true, force: true })
})

const event = (messageId: string, extra: Partial<EnrichedMessage> = {}): EnrichedMessage =>
  ({
    type: 'track',
    event: 'Order Completed',
    messageId,
    anonymousId: 'anon-1',
    timestamp: '2026-03-01T10:00:00.123Z',
    receivedAt: '2026-03-01T10:00:02.500Z',
    properties: { total: 12.5 },
    ...extra,
  }) as EnrichedMessage
const lines = (...events: EnrichedMessage[]) =>
  events
    .map((e) => `${JSON.stringify(flattenEvent({ key: 'anon-1', sourceId: 'web' }, e))}\n`)
    .join('')

async function query(sql: string) {
  const db = await DuckDBInstance.create(':memory:')
  const connection = await db.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS()
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}

/** Physical and converted type of each lake column type in the file. */
const PARQUET_TYPES = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', duckdb_type: 'VARCHAR' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', duckdb_type: 'TIMESTAMP' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON', duckdb_type: 'JSON' },
  boolean: { type: 'BOOLEAN', converted_type: null, duckdb_type: 'BOOLEAN' },
} as const

describe('createParquetWriter', () => {
  it("writes the lake's columns, in order, with their types (parquet_schema)", async () => {
    const file = join(dir, 'schema', 'a.parquet')
    expect(await writer.write(lines(event('m-1'), event('m-2')), file)).toMatchObject({
      file,
      rows: 2,
    })
    const schema = await query(
      `SELECT name, type, converted_type, duckdb_type FROM parquet_schema('${file}') WHERE num_children IS NULL ORDER BY column_id`,
    )
    expect(schema).toEqual(LAKE_COLUMNS.map((c) => ({ name: c.name, ...PARQUET_TYPES[c.type] })))
    const [row] = await query(
      `SELECT message_id, timestamp, properties->>'total' AS total FROM '${file}' ORDER BY 1`,
    )
    expect(row).toMatchObject({ message_id: 'm-1', total: '12.5' })
    expect(String((row?.timestamp as Date | undefined)?.toISOString())).toBe(
      '2026-03-01T10:00:00.123Z',
    )
  })

  it('round-trips unicode and large JSON columns', async () => {
    const title = 'Grüße, 東京 🛒 "quoted" \\ back\nnew line'
    const big = {
      items: Array.from({ length: 2000 }, (_, i) => ({ sku: `sku-${i}`, n: '✓'.repeat(50) })),
    }
    const file = join(dir, 'unicode.parquet')
    await writer.write(
      lines(
        event('m-ü', { type: 'page', name: title, properties: big, context: { page: { title } } }),
      ),
      file,
    )
    const [row] = await query(
      `SELECT message_id, name, page_title, properties::VARCHAR AS properties FROM '${file}'`,
    )
    expect(row?.message_id).toBe('m-ü')
    expect(row?.name).toBe(title)
    expect(row?.page_title).toBe(title)
    expect(JSON.parse(row?.properties as string)).toEqual(big)
    expect(String(row?.properties).length).toBeGreaterThan(100_000)
  })

  it('throws a ParquetWriteError naming the file on bad rows, and leaves no file at all', async () => {
    const target = join(dir, 'bad')
    const file = join(target, 'b.parquet')
    const write = writer.write(`${lines(event('m-1'))}{"message_id": "torn`, file)
    await expect(write).rejects.toThrow(ParquetWriteError)
    await expect(write).rejects.toMatchObject({ code: 'parquet_write_failed', file })
    await expect(write).rejects.toThrow(file)
    expect(readdirSync(target)).toEqual([])
  })

  it('throws a ParquetWriteError when the directory cannot be made', async () => {
    const blocker = join(dir, 'blocker')
    writeFileSync(blocker, 'a file where the partition folder should be')
    await expect(writer.write(lines(event('m-1')), join(blocker, 'c.parquet'))).rejects.toThrow(
      ParquetWriteError,
    )
    mkdirSync(join(dir, 'still-works'))
    // The writer is still usable after a failure.
    expect(
      (await writer.write(lines(event('m-3')), join(dir, 'still-works', 'd.parquet'))).rows,
    ).toBe(1)
  })
})
