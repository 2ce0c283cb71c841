import type { Readable, Writable } from 'node:stream'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { EXIT_CODES, isLakeError, UnknownQueryError } from '../errors.js'
import { namedQueries } from '../sql/named-queries.js'
import { openLake } from '../sql/open-lake.js'
import { readStoredSessions, reconcileSessions } from '../sql/reconcile.js'
import { LAKE_VIEWS } from '../sql/views.js'
import { HELP, parseSqlArgs, type SqlCliOptions } from './args.js'
import { formatResult } from './format.js'
import { prompt } from './repl.js'

/** `--reconcile`'s status when the two sides disagree (the rows printed are the differences). */
export const RECONCILE_DIFFERS = 8

export interface CliIo {
  argv: string[]
  env: NodeJS.ProcessEnv
  cwd: string
  stdin: Readable
  stdout: Writable
  stderr: Writable
}

/**
 * `pnpm sql`: runs the query (or the named query, or the reconciliation, or the prompt) and
 * returns the exit status. A lake error is its message and its code's status, never a stack.
 */
export async function runSqlCli(io: CliIo): Promise<number> {
  const fail = (error: unknown): number => {
    if (!isLakeError(error)) throw error
    io.stderr.write(`pnpm sql: ${error.message}\n`)
    return EXIT_CODES[error.code]
  }
  try {
    return await run(io, parseSqlArgs(io.argv, io.env, io.cwd), fail)
  } catch (error) {
    return fail(error)
  }
}

async function run(io: CliIo, options: SqlCliOptions, fail: (error: unknown) => number) {
  if (options.help) {
    io.stdout.write(`${HELP}\n`)
    return 0
  }
  const rules = {
    ...(options.gapMs !== undefined ? { gapMs: options.gapMs } : {}),
    ...(options.maxSessionMs !== undefined ? { maxSessionMs: options.maxSessionMs } : {}),
    includeBots: options.includeBots,
  }
  const queries = namedQueries('duckdb', {
    ...rules,
    ...(options.range ? { range: options.range } : {}),
  })
  if (options.list) {
    for (const q of queries) io.stdout.write(`${q.name.padEnd(28)} ${q.description}\n`)
    io.stdout.write(`\nviews: ${LAKE_VIEWS.join(', ')}, events_raw (every row, duplicates too)\n`)
    return 0
  }
  let sql = options.sql
  if (options.named !== undefined) {
    const named = queries.find((q) => q.name === options.named)
    if (!named)
      throw new UnknownQueryError(
        options.named,
        queries.map((q) => q.name),
      )
    sql = named.sql
  }
  const lake = await openLake({
    lake: options.lake,
    ...rules,
    // A named query's CTEs restrict its own range; the views stay whole.
    range: options.named !== undefined ? 'all' : (options.range ?? 'all'),
    fullScan: options.fullScan || options.named !== undefined || options.reconcile,
    maxScanFiles: options.maxScanFiles,
  })
  const print = (result: Parameters<typeof formatResult>[0]) =>
    io.stdout.write(`${formatResult(result, options.format)}\n`)
  try {
    if (options.reconcile) {
      const client = new DynamoDBClient({
        endpoint: options.dynamodbEndpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 2,
      })
      try {
        const stored = await readStoredSessions(client, options.table)
        const diff = await reconcileSessions(lake, stored)
        if (diff.rows.length === 0 && options.format === 'table')
          io.stdout.write(
            `no differences: the lake and ${options.table} agree on ${stored.length} sessions\n`,
          )
        else print(diff)
        return diff.rows.length === 0 ? 0 : RECONCILE_DIFFERS
      } finally {
        client.destroy()
      }
    }
    if (sql === undefined) {
      await prompt({
        input: io.stdin,
        output: io.stdout,
        run: async (statement) => {
          try {
            print(await lake.query(statement))
          } catch (error) {
            fail(error)
          }
        },
      })
      return 0
    }
    print(await lake.query(sql))
    return 0
  } finally {
    lake.close()
  }
}
