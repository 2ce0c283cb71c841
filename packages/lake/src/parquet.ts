import { randomUUID } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { LAKE_COLUMNS, type LakeColumnType } from '@clickstream/schema'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { ParquetWriteError } from './errors.js'
import { sqlLiteral } from './sql/sql-text.js'

/** How each column is read from a row's JSON line, and typed in the file. */
const READ_AS: Record<LakeColumnType, string> = {
  string: 'VARCHAR',
  timestamp: 'BIGINT',
  json: 'VARCHAR',
  boolean: 'BOOLEAN',
}
const WRITE_AS: Record<LakeColumnType, (name: string) => string> = {
  string: (name) => `"${name}"`,
  timestamp: (name) => `epoch_ms("${name}")::TIMESTAMP_MS AS "${name}"`,
  json: (name) => `"${name}"::JSON AS "${name}"`,
  boolean: (name) => `"${name}"`,
}

const jsonColumns = `{${LAKE_COLUMNS.map((c) => `'${c.name}': '${READ_AS[c.type]}'`).join(', ')}}`
const selectList = LAKE_COLUMNS.map((c) => WRITE_AS[c.type](c.name)).join(', ')

export interface WrittenFile {
  file: string
  rows: number
  bytes: number
}

export interface ParquetWriter {
  /**
   * Writes rows (JSON lines, as `transformRecords` makes them) to one Parquet file, zstd, the
   * lake's columns in order. Atomic: the file is written under a temporary name in the same
   * directory (`.tmp-<uuid>.jsonl`, `.tmp-<uuid>.parquet-partial`: never `*.parquet`, so no
   * reader's glob takes it) and renamed into place, so a reader (or a crash) never sees half a
   * file. A failure throws {@link ParquetWriteError} and leaves nothing under either name (a
   * crash may leave the temporary files: remove `.tmp-*` at start).
   */
  write(rows: string, file: string): Promise<WrittenFile>
  close(): void
}

/** A Parquet writer on an in-process DuckDB (`@duckdb/node-api`, prebuilt, no download). */
export async function createParquetWriter(): Promise<ParquetWriter> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection: DuckDBConnection = await instance.connect()
  return {
    async write(rows, file) {
      const temp = join(dirname(file), `.tmp-${randomUUID()}`)
      const input = `${temp}.jsonl`
      const output = `${temp}.parquet-partial`
      try {
        await mkdir(dirname(file), { recursive: true })
        await writeFile(input, rows)
        const reader = await connection.runAndReadAll(
          `COPY (SELECT ${selectList} FROM read_json(${sqlLiteral(input)}, format = 'newline_delimited', columns = ${jsonColumns}, maximum_object_size = 67108864)) TO ${sqlLiteral(output)} (FORMAT parquet, COMPRESSION zstd)`,
        )
        const count = Number(reader.getRows()[0]?.[0] ?? 0) // COPY answers the rows written
        const { size } = await stat(output)
        await rename(output, file)
        return { file, rows: count, bytes: size }
      } catch (cause) {
        throw new ParquetWriteError(file, { cause })
      } finally {
        // Nothing to remove when the directory could not be made (ENOTDIR): ignore that.
        await rm(input, { force: true }).catch(() => {})
        await rm(output, { force: true }).catch(() => {})
      }
    },
    close() {
      connection.closeSync()
      instance.closeSync()
    },
  }
}
