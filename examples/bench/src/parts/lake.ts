import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simulatedEnvelopes } from '@clickstream/local'
import { writeArchiveFiles, writeLakeFiles } from '@clickstream/replay'
import { DuckDBInstance } from '@duckdb/node-api'
import type { Part } from '../support/part.js'
import { fmt } from '../support/stats.js'

const DAY_MS = 86_400_000
const START = Date.parse('2026-03-01T00:00:00Z')

/** Top 10 pages per event day: over the lake's Parquet, and over the archive's gzip JSON lines. */
const lakeQuery = (
  root: string,
) => `SELECT event_date::VARCHAR AS day, page_path AS path, count(*) AS views
  FROM read_parquet('${root}/events/*/*.parquet', hive_partitioning = true)
  WHERE type = 'page' GROUP BY day, path
  QUALIFY row_number() OVER (PARTITION BY day ORDER BY views DESC, path) <= 10 ORDER BY day, views DESC, path`
const archiveQuery = (root: string) => `WITH e AS (
    SELECT unnest(events) AS e FROM read_json('${root}/events/*/*/*/*/*.jsonl.gz',
      format = 'newline_delimited', columns = {events: 'JSON[]'}, maximum_object_size = 16777216))
  SELECT CAST(CAST(e->>'timestamp' AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE)::VARCHAR AS day,
    e->'context'->'page'->>'path' AS path, count(*) AS views
  FROM e WHERE e->>'type' = 'page' GROUP BY day, path
  QUALIFY row_number() OVER (PARTITION BY day ORDER BY views DESC, path) <= 10 ORDER BY day, views DESC, path`

/** Cold (a fresh DuckDB instance) and warm (the same query again on it): wall ms, and the rows. */
async function timeQuery(sql: string) {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const run = async () => {
      const started = performance.now()
      const rows = (await connection.runAndReadAll(sql)).getRowsJson()
      return { ms: performance.now() - started, rows: JSON.stringify(rows) }
    }
    const cold = await run()
    const warm = await run()
    return { cold: cold.ms, warm: warm.ms, rows: cold.rows }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

export const lakePart: Part = {
  id: 'lake',
  title: 'Event lake',
  async run({ tiny, log }) {
    const days = tiny ? 2 : 10
    const perDay = tiny ? 2_500 : 100_000
    const dir = mkdtempSync(join(tmpdir(), 'clickstream-bench-lake-'))
    const lake = join(dir, 'lake')
    const archive = join(dir, 'archive')
    try {
      let events = 0
      let lakeBytes = 0
      let lakeFiles = 0
      let archiveBytes = 0
      let cpuMicros = 0
      for (let day = 0; day < days; day++) {
        const arrived = simulatedEnvelopes({
          users: perDay / 50,
          events: perDay,
          gapMs: 30 * 60_000,
          start: START + day * DAY_MS,
          seed: day + 1,
        })
        events += arrived.reduce((sum, a) => sum + a.envelope.events.length, 0)
        const cpu = process.cpuUsage()
        const files = await writeLakeFiles(lake, arrived, { rowsPerDelivery: 50_000 })
        const used = process.cpuUsage(cpu)
        cpuMicros += used.user + used.system
        lakeBytes += files.reduce((sum, f) => sum + f.bytes, 0)
        lakeFiles += files.length
        const objects = await writeArchiveFiles(archive, arrived, { recordsPerObject: 5_000 })
        archiveBytes += objects.reduce((sum, o) => sum + o.body.byteLength, 0)
        log(`lake: day ${day + 1}/${days}, ${fmt(events)} events`)
      }
      const rowsPerCore = events / (cpuMicros / 1e6)
      const parquet = await timeQuery(lakeQuery(lake))
      const json = await timeQuery(archiveQuery(archive))
      const sizeRatio = lakeBytes / archiveBytes
      const cold = json.cold / parquet.cold
      const warm = json.warm / parquet.warm
      const same = parquet.rows === json.rows
      const markdown = `${fmt(events)} simulated events (\`simulatedEnvelopes\`: shop journeys of pages, tracks and identifies with real-looking properties and context, ${days} UTC days) written both ways in one run: the lake as its delivery stream writes it (\`transformRecords\` + \`createParquetWriter\`, 50,000-row deliveries, one zstd Parquet file per event date and delivery: ${fmt(lakeFiles)} files) and the raw archive (envelopes one JSON per line, gzip, 5,000 records per object by arrival hour). The query: the 10 most viewed pages of each day, with DuckDB (\`@duckdb/node-api\`, in process, default threads) over \`read_parquet\` and over \`read_json\` of the \`.jsonl.gz\` files; cold is a fresh DuckDB instance, warm the same query again on it.${same ? ' Both give the same rows.' : ' **The two queries disagree: the figures compare different work.**'}

| figure | Parquet lake | gzip JSON archive | ratio |
| --- | --- | --- | --- |
| bytes per event | ${fmt(lakeBytes / events, 1)} | ${fmt(archiveBytes / events, 1)} | ${fmt(sizeRatio, 2)}× |
| top pages per day, cold (ms) | ${fmt(parquet.cold)} | ${fmt(json.cold)} | ${fmt(cold, 1)}× faster |
| top pages per day, warm (ms) | ${fmt(parquet.warm)} | ${fmt(json.warm)} | ${fmt(warm, 1)}× faster |
| rows/s per core, transformation + writer (process CPU time) | ${fmt(rowsPerCore)} | — | — |

Rows/s per core divides the rows by the CPU time (user + system, every thread, DuckDB's included) of \`writeLakeFiles\`: encoding the records' base64 as Kinesis hands them, the transformation, the JSON lines, DuckDB's Parquet write and rename.`
      return {
        markdown,
        goals: [
          {
            goal: 'lake: Parquet bytes per event ≤ 0.35× the gzip JSON archive’s (issue 15)',
            figure: `${fmt(sizeRatio, 2)}×`,
            met: sizeRatio <= 0.35,
          },
          {
            goal: 'lake: ≥ 20,000 rows/s per core through the transformation and the Parquet writer (issue 15)',
            figure: fmt(rowsPerCore),
            met: rowsPerCore >= 20_000,
          },
          {
            goal: `lake: top pages per day over ${fmt(events)} events ≥ 10× faster on Parquet than on the gzip JSON archive, cold and warm (issue 15)`,
            figure: `cold ${fmt(cold, 1)}×, warm ${fmt(warm, 1)}×`,
            met: same && cold >= 10 && warm >= 10,
          },
        ],
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
