import { eventsGlob, unflattenRow } from '@clickstream/lake'
import {
  LAKE_COLUMNS,
  LAKE_PARTITION_COLUMN,
  type LakeRow,
  lakeEventDate,
} from '@clickstream/schema'
import { DuckDBInstance } from '@duckdb/node-api'
import { SourceUnreadableError } from '../errors.js'
import type { ReplayRange } from '../range.js'
import { digits, type ReplayRecord, type ReplaySource } from './replay-source.js'

const DAY_MS = 86_400_000

export interface LakeSourceOptions {
  /** The lake root, holding `events/event_date=…/*.parquet`: `<dataDir>/lake` locally. */
  root: string
  /**
   * How long before the range an event received in it may have happened (an offline queue
   * flushed late): the event-date partitions read start this long before `from`. @default 7 days
   */
  lookbackMs?: number
}

/** Each column as JS reads it: timestamps as epoch ms, JSON as its text. */
const selectList = LAKE_COLUMNS.map((c) =>
  c.type === 'timestamp'
    ? `epoch_ms("${c.name}")::DOUBLE AS "${c.name}"`
    : c.type === 'json'
      ? `"${c.name}"::VARCHAR AS "${c.name}"`
      : `"${c.name}"`,
).join(', ')

/**
 * The event lake's Parquet files as a replay source, read with DuckDB (`read_parquet`, Hive
 * partitions): one record per row, events received in the range, in the order the collector
 * received them (ties by messageId, so copies of one event are neighbours). Position: the
 * `received_at` millisecond and the row's rank within it.
 */
export function createLakeSource(options: LakeSourceOptions): ReplaySource {
  const lookbackMs = options.lookbackMs ?? 7 * DAY_MS
  const glob = eventsGlob(options.root)
  return {
    describe: `the lake at ${options.root}`,
    shardId: 'replay-lake',
    async *read(range: ReplayRange): AsyncIterable<ReplayRecord> {
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
      const connection = await instance.connect()
      try {
        const sql = `SELECT ${selectList} FROM read_parquet(${quote(glob)}, hive_partitioning = true)
          WHERE ${LAKE_PARTITION_COLUMN} >= ${quote(lakeEventDate(range.fromMs - lookbackMs))}::DATE
            AND ${LAKE_PARTITION_COLUMN} <= ${quote(lakeEventDate(range.toMs + DAY_MS))}::DATE
            AND received_at >= make_timestamp_ms(${range.fromMs}) AND received_at < make_timestamp_ms(${range.toMs})
          ORDER BY received_at, message_id, "timestamp"`
        const result = await lakeQuery(glob, () => connection.stream(sql))
        if (!result) return
        let last = -1
        let rank = 0
        for (;;) {
          const chunk = await lakeQuery(glob, () => result.fetchChunk())
          if (!chunk || chunk.rowCount === 0) break
          for (const values of chunk.getRows()) {
            const row = Object.fromEntries(
              LAKE_COLUMNS.map((c, i) => [c.name, values[i] ?? null]),
            ) as LakeRow
            const receivedMs = row.received_at as number
            rank = receivedMs === last ? rank + 1 : 0
            last = receivedMs
            const event = unflattenRow(row)
            yield {
              key: row.partition_key as string,
              sourceId: row.source_id as string,
              receivedAt: event.receivedAt,
              events: [event],
              position: `${digits(receivedMs, 15)}${digits(rank, 6)}`,
            }
          }
        }
      } finally {
        connection.closeSync()
        instance.closeSync()
      }
    },
    async close() {},
  }
}

/** DuckDB's answer, or `undefined` when the lake has no file yet; an unreadable file names itself. */
async function lakeQuery<T>(glob: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    const message = (error as Error).message
    if (/No files found that match the pattern/i.test(message)) return undefined
    throw new SourceUnreadableError(`the lake (${glob})`, message, { cause: error })
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`
