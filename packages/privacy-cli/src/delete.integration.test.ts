import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ScanCommand } from '@aws-sdk/client-dynamodb'
import { type LocalDynamoDB, startDynalite } from '@clickstream/local-aws'
import { createSuppression, personKey } from '@clickstream/privacy'
import { createFileSuppressionStore } from '@clickstream/privacy/file'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceEnvelopes, storeAsPipeline } from '../test/people.js'
import { privacyPaths } from './delete.js'
import type { LogLine } from './log.js'
import { privacyCli } from './run-cli.js'

const TABLE = 'sessions'
// Person A: a phone used anonymously then signed in, and a laptop signed in; person B: one device.
const A = [
  { anonymousId: 'anon-a1', userId: 'user-a' },
  { anonymousId: 'anon-a2', userId: 'user-a' },
]
const B = [{ anonymousId: 'anon-b1', userId: 'user-b' }]

let dynalite: LocalDynamoDB
const dirs: string[] = []

beforeAll(async () => {
  dynalite = await startDynalite()
}, 60_000)
afterAll(async () => {
  await dynalite?.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A fresh data folder holding A's and B's sessions, lake rows and archive records. */
async function seeded(table: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-delete-'))
  dirs.push(dataDir)
  await storeAsPipeline(
    dynalite.client,
    table,
    dataDir,
    [...A, ...B].flatMap((d) => deviceEnvelopes(d)),
  )
  return dataDir
}

async function cli(
  args: string[],
  dataDir: string,
  table = TABLE,
  hooks?: Parameters<typeof privacyCli>[3],
) {
  const out: string[] = []
  const code = await privacyCli(
    [
      'delete',
      ...args,
      '--data-dir',
      dataDir,
      '--dynamodb-endpoint',
      dynalite.endpoint,
      '--table',
      table,
    ],
    {},
    { out: (l) => out.push(l), err: (l) => out.push(l) },
    hooks,
  )
  return { code, text: out.join('\n') }
}

/** `pk`s of the table's items, and the anonymous/user ids of its sessions. */
async function tableIds(table: string) {
  const items = (await dynalite.client.send(new ScanCommand({ TableName: table }))).Items ?? []
  return {
    pks: [...new Set(items.map((i) => i.pk?.S as string))]
      .filter((pk) => !pk.startsWith('#'))
      .sort(),
    users: [...new Set(items.map((i) => i.userId?.S).filter(Boolean))].sort(),
  }
}

async function lakeIds(dataDir: string) {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const glob = join(dataDir, 'lake', 'events', '*', '*.parquet')
    const rows = (
      await connection.runAndReadAll(
        `SELECT anonymous_id, user_id, properties FROM read_parquet('${glob}') ORDER BY message_id`,
      )
    ).getRowObjectsJS()
    return rows as { anonymous_id: string; user_id: string | null; properties: unknown }[]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function archiveIds(dataDir: string) {
  const root = join(dataDir, 'archive', 'events')
  const files = (await readdir(root, { recursive: true, encoding: 'utf8' })).filter((f) =>
    f.endsWith('.jsonl.gz'),
  )
  const ids: string[] = []
  for (const f of files) {
    for (const line of gunzipSync(await readFile(join(root, f)))
      .toString()
      .split('\n')
      .filter(Boolean))
      for (const e of JSON.parse(line).events) ids.push(e.anonymousId)
  }
  return ids.sort()
}

const logLines = (dataDir: string): LogLine[] =>
  readFileSync(privacyPaths(dataDir).log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))

describe('pnpm privacy delete', () => {
  it('erases a user and the anonymous ids of their sessions everywhere, keeps everyone else, and suppresses them', async () => {
    const dataDir = await seeded(TABLE)
    expect((await tableIds(TABLE)).pks).toEqual(['anon-a1', 'anon-a2', 'anon-b1'])
    const before = await lakeIds(dataDir)

    const first = await cli(['--user', 'user-a'], dataDir)
    expect(first.code).toBe(0)
    expect(first.text).toMatch(/^deleted userId user-a:/)
    expect(first.text).toMatch(/ids {8}3 \(2 discovered/)
    // 2 devices × (state + 2 sessions + markers…): what matters is the sessions, counted exactly.
    expect(first.text).toMatch(/dynamodb {3}\d+ items of 3 partitions, 4 sessions/)
    expect(first.text).toMatch(/lake {7}8 rows; 2 files rewritten, 0 deleted/)
    expect(first.text).toMatch(/archive {4}8 events/)

    expect(await tableIds(TABLE)).toEqual({ pks: ['anon-b1'], users: ['user-b'] })
    const after = await lakeIds(dataDir)
    expect(after.map((r) => r.anonymous_id)).toEqual(
      before.filter((r) => r.anonymous_id === 'anon-b1').map((r) => r.anonymous_id),
    )
    expect(after.length).toBe(4)
    expect(after[0]?.properties).toEqual(
      before.find((r) => r.anonymous_id === 'anon-b1')?.properties,
    )
    expect(await archiveIds(dataDir)).toEqual(['anon-b1', 'anon-b1', 'anon-b1', 'anon-b1'])

    const suppression = createSuppression(
      await createFileSuppressionStore(privacyPaths(dataDir).suppression).read(),
    )
    expect(suppression.size).toBe(3)
    for (const message of [
      { userId: 'user-a' },
      { anonymousId: 'anon-a1' },
      { anonymousId: 'anon-a2' },
    ])
      expect(await suppression.suppresses(message)).toBe(true)
    expect(await suppression.suppresses({ anonymousId: 'anon-b1', userId: 'user-b' })).toBe(false)

    const log = logLines(dataDir)
    expect(log.map((l) => l.step ?? l.event)).toEqual([
      'started',
      'keys',
      'suppress',
      'dynamodb',
      'lake',
      'archive',
      'finished',
    ])
    for (const line of log) expect(Date.parse(line.at)).not.toBeNaN()
    const text = readFileSync(privacyPaths(dataDir).log, 'utf8')
    for (const id of ['user-a', 'anon-a1', 'anon-a2']) expect(text).not.toContain(id)
    expect(log[1]?.persons).toContain(await personKey('anonymousId', 'anon-a2'))

    // Again: nothing more to remove, said so, and a success.
    const again = await cli(['--user', 'user-a'], dataDir)
    expect(again.code).toBe(0)
    expect(again.text).toMatch(/^already deleted userId user-a \(.+\): nothing more found/)
    expect(again.text).toMatch(/lake {7}0 rows/)
    expect(await lakeIds(dataDir)).toHaveLength(4)
  }, 60_000)

  it('a crash in the lake step leaves whole files, and the re-run resumes there and completes', async () => {
    const table = 'crash'
    const dataDir = await seeded(table)
    let replaced = 0
    const crashing = await cli(['--user', 'user-a'], dataDir, table, {
      hooks: {
        lake: {
          beforeReplace: () => {
            if (++replaced === 2) throw new Error('disk gone')
          },
        },
      },
    })
    expect(crashing.code).toBe(1)
    expect(crashing.text).toMatch(/step lake failed: disk gone \(run the same command again/)
    // The first day's file was replaced, the second's is whole and still holds A's rows.
    const mid = await lakeIds(dataDir)
    expect(mid.filter((r) => r.anonymous_id !== 'anon-b1')).toHaveLength(4)
    expect((await tableIds(table)).pks).toEqual(['anon-b1'])

    const resumed = await cli(['--user', 'user-a'], dataDir, table)
    expect(resumed.code).toBe(0)
    expect(resumed.text).toMatch(/resumed after dynamodb/)
    expect(resumed.text).toMatch(/lake {7}4 rows/)
    expect((await lakeIds(dataDir)).map((r) => r.anonymous_id)).toEqual([
      'anon-b1',
      'anon-b1',
      'anon-b1',
      'anon-b1',
    ])
    expect(await archiveIds(dataDir)).toEqual(['anon-b1', 'anon-b1', 'anon-b1', 'anon-b1'])
    const files = await readdir(join(dataDir, 'lake', 'events'), { recursive: true })
    expect(files.filter((f) => String(f).includes('.privacy-tmp-'))).toEqual([])
  }, 60_000)

  it('an unknown person: "nothing found", exit code 1, and still suppressed', async () => {
    const dataDir = await seeded('unknown')
    const { code, text } = await cli(
      ['--user', 'nobody', '--anonymous-id', 'anon-z'],
      dataDir,
      'unknown',
    )
    expect(code).toBe(1)
    expect(text).toMatch(/^nothing found for userId nobody\nnothing found for anonymousId anon-z/)
    expect((await tableIds('unknown')).pks).toEqual(['anon-a1', 'anon-a2', 'anon-b1'])
    expect(await lakeIds(dataDir)).toHaveLength(12)
    const list = await createFileSuppressionStore(privacyPaths(dataDir).suppression).read()
    expect(list.ids).toEqual([
      await personKey('userId', 'nobody'),
      await personKey('anonymousId', 'anon-z'),
    ])
  }, 60_000)
})
