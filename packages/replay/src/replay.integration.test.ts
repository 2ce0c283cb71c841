import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { type LocalDynamoDB, startDynalite } from '@clickstream/local-aws'
import {
  createSessionizer,
  createSessionTable,
  resolveSessionRules,
} from '@clickstream/sessionizer-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionsOfKeys } from '../test/sessions.js'
import { GAP_MS, streamRecords, T0, traffic } from '../test/traffic.js'
import { writeArchiveFiles } from './fixtures/archive-objects.js'
import { writeLakeFiles } from './fixtures/lake-files.js'
import { type MetricsLike, runReplay } from './replay.js'
import { replayCli } from './run-cli.js'
import { createArchiveFilesSource } from './source/archive-files.js'
import { createLakeSource } from './source/lake.js'
import type { ReplaySource } from './source/replay-source.js'
import { countSessions, prepareTable } from './table.js'

const rules = resolveSessionRules({ gapMs: GAP_MS })
const range = { fromMs: T0 - 86_400_000, toMs: T0 + 3 * 86_400_000 }
const { arrived, redelivered, files } = traffic()
const keys = [...new Set(arrived.map((a) => a.envelope.key))]

let dynalite: LocalDynamoDB
let dataDir: string

const sessionizerOf = (table: string, metrics?: MetricsLike, sessionRules = rules) =>
  createSessionizer(
    {
      tableName: table,
      rules: sessionRules,
      deadLetter: { kind: 'table', tableName: table },
      aws: { region: 'local' },
    },
    { dynamodb: dynalite.client, ...(metrics ? { metrics } : {}) },
  )

/** Every session of every key, without `updatedAt`. */
const sessionsOf = (table: string) => sessionsOfKeys(sessionizerOf(table).store, keys)

const replay = (
  source: ReplaySource,
  table: string,
  mode: 'fresh' | 'existing' = 'fresh',
  sessionRules = rules,
) =>
  runReplay({
    source,
    range,
    table,
    batchSize: 97,
    async open(metrics) {
      await prepareTable(dynalite.client, table, mode)
      return sessionizerOf(table, metrics, sessionRules).handler
    },
  })

beforeAll(async () => {
  dynalite = await startDynalite()
  dataDir = mkdtempSync(join(tmpdir(), 'replay-e2e-'))
  await writeLakeFiles(join(dataDir, 'lake'), files, { rowsPerDelivery: 150 })
  await writeArchiveFiles(join(dataDir, 'archive'), files, { recordsPerObject: 40 })
  // The live sessionizer: the stream's records in batches as Lambda hands them, some twice.
  await createSessionTable(dynalite.client, 'live')
  const { handler } = sessionizerOf('live')
  const records = streamRecords(arrived)
  const batches = [...records.values()]
  for (let i = 0; i < batches.length; i += 40) {
    const response = await handler({ Records: batches.slice(i, i + 40) })
    expect(response.batchItemFailures).toEqual([])
  }
  await handler({
    Records: redelivered.map((item) => records.get(item)).filter((r) => r !== undefined),
  })
}, 120_000)

afterAll(async () => {
  await dynalite?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('replay', () => {
  it('builds from the lake and from the archive the sessions the live sessionizer built', async () => {
    const live = await sessionsOf('live')
    expect(live.length).toBeGreaterThan(50)
    const lake = await replay(createLakeSource({ root: join(dataDir, 'lake') }), 'from-lake')
    const archive = await replay(
      createArchiveFilesSource({ root: join(dataDir, 'archive') }),
      'from-archive',
    )
    expect(await sessionsOf('from-lake')).toEqual(live)
    expect(await sessionsOf('from-archive')).toEqual(live)
    const events = files.reduce((sum, a) => sum + a.envelope.events.length, 0)
    const distinct = new Set(files.flatMap((a) => a.envelope.events.map((e) => e.messageId))).size
    for (const summary of [lake, archive]) {
      expect(summary).toMatchObject({
        events,
        applied: distinct,
        duplicates: events - distinct,
        late: 0,
        skipped: 0,
      })
    }
    expect(await countSessions(dynalite.client, 'from-lake')).toBe(live.length)
  }, 120_000)

  it('is idempotent: the same replay into the same table applies nothing and changes nothing', async () => {
    // Key states compacted after an hour: a second run that were not skipped record by record
    // (the checkpoints) would find the compacted sessions' events too late and set them aside.
    const compacting = resolveSessionRules({ gapMs: GAP_MS, lateHorizonMs: GAP_MS })
    const lake = () => createLakeSource({ root: join(dataDir, 'lake') })
    const first = await replay(lake(), 'twice', 'fresh', compacting)
    const before = await sessionsOf('twice')
    expect(first.applied).toBeGreaterThan(0)
    const again = await replay(lake(), 'twice', 'existing', compacting)
    expect(again).toMatchObject({ events: first.events, applied: 0, sessionsWritten: 0, late: 0 })
    expect(again.duplicates).toBe(again.events)
    expect(await sessionsOf('twice')).toEqual(before)
  }, 120_000)

  describe('pnpm replay', () => {
    const run = async (...argv: string[]) => {
      const out: string[] = []
      const err: string[] = []
      const code = await replayCli(
        ['--data-dir', dataDir, '--dynamodb-endpoint', dynalite.endpoint, ...argv],
        {},
        { out: (l) => out.push(l), err: (l) => err.push(l) },
      )
      return { code, out: out.join('\n'), err: err.join('\n') }
    }
    const MARCH = ['--from', '2026-03-01', '--to', '2026-03-04'] as const
    const tables = async () =>
      (await dynalite.client.send(new ListTablesCommand({}))).TableNames ?? []

    it('replays into a fresh table and prints a summary', async () => {
      const r = await run(...MARCH, '--source', 'archive', '--new-table', 'cli-fresh')
      expect(r.err).toContain('replay: the archive at')
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/sessions\s+[\d,]+ in cli-fresh/)
      expect(await sessionsOf('cli-fresh')).toEqual(await sessionsOf('live'))
    }, 120_000)

    it('re-enriches the sessions with the settings it is given (--geo-database none: no country)', async () => {
      const r = await run(...MARCH, '--new-table', 'cli-no-geo', '--geo-database', 'none')
      expect(r.code).toBe(0)
      const sessions = await sessionsOf('cli-no-geo')
      expect(sessions.length).toBeGreaterThan(0)
      for (const session of sessions) {
        expect(session).toMatchObject({
          deviceType: expect.any(String),
          bot: expect.any(Boolean),
          channel: expect.any(String),
        })
        expect(session.country).toBeUndefined()
      }
    }, 120_000)

    it('says there is nothing to replay in an empty range, and creates no table', async () => {
      const before = await tables()
      const r = await run('--from', '2025-01-01', '--to', '2025-01-02')
      expect(r).toMatchObject({ code: 1, out: '' })
      expect(r.err).toContain(
        'nothing to replay between 2025-01-01T00:00:00.000Z and 2025-01-03T00:00:00.000Z in the lake at',
      )
      expect(await tables()).toEqual(before)
    })

    it('refuses a table that exists without --table, names it and writes nothing', async () => {
      const before = await sessionsOf('from-archive')
      const r = await run(
        '--from',
        '2026-03-01',
        '--to',
        '2026-03-04',
        '--new-table',
        'from-archive',
      )
      expect(r.code).toBe(2)
      expect(r.err).toContain('table from-archive exists: pass --table from-archive')
      expect(await sessionsOf('from-archive')).toEqual(before)
    })

    it.each([
      [['--from', '2026-03-02', '--to', '2026-03-01'], 'the range ends before it starts'],
      [['--from', 'yesterday'], '--from "yesterday" is not a time'],
      [
        ['--from', '2026-03-01', '--source', 'kafka'],
        'unknown source "kafka" (one of: lake, archive)',
      ],
      [['--from', '2026-03-01', '--colour'], "Unknown option '--colour'"],
      [['--from', '2026-03-01', '--aws', '--source', 'archive'], '--aws needs --bucket'],
    ])('refuses %j with a clear message and exit code 2', async (argv, message) => {
      const before = await tables()
      const r = await run(...argv)
      expect(r.code).toBe(2)
      expect(r.err).toContain(message)
      expect(r.err).not.toMatch(/\n\s+at /)
      expect(await tables()).toEqual(before)
    })
  })
})
