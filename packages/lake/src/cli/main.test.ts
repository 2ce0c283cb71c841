import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BOT_IP,
  captured,
  kinesisRecords,
  message,
  tempDir,
  testEnricher,
  writeLake,
} from '../../test/lake-fixture.js'
import { runSqlCli } from './main.js'

let temp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  temp = await tempDir()
  await writeLake(join(temp.dir, 'lake'), [
    kinesisRecords([
      [
        message({ id: 'a', at: 0, type: 'page', path: '/' }),
        message({ id: 'b', at: 1, event: 'Signed Up, "free"' }),
      ],
    ]),
  ])
})
afterAll(async () => temp.remove())

/** Runs `pnpm sql` in process: its status, standard output and error. */
async function sql(argv: string[], input = '', env: NodeJS.ProcessEnv = {}) {
  const stdout = captured()
  const stderr = captured()
  const status = await runSqlCli({
    argv,
    env: { CLICKSTREAM_LAKE_DIR: join(temp.dir, 'lake'), ...env },
    cwd: temp.dir,
    stdin: Readable.from([input]),
    stdout,
    stderr,
  })
  return { status, stdout: stdout.text, stderr: stderr.text }
}

describe('pnpm sql', () => {
  it('prints a table, or JSON and CSV for scripts', async () => {
    const table = await sql(['SELECT type, event FROM events ORDER BY type'])
    expect(table).toMatchObject({ status: 0, stderr: '' })
    expect(table.stdout).toMatch(
      /^type {2}│ event\s*\n─+┼─+\npage {2}│ NULL\s*\ntrack │ Signed Up, "free"\n\(2 rows\)\n$/,
    )
    const json = await sql(['--format', 'json', 'SELECT count(*) AS n FROM events'])
    expect(JSON.parse(json.stdout)).toEqual([{ n: '2' }])
    const csv = await sql(['--format', 'csv', 'SELECT event FROM tracks'])
    expect(csv.stdout).toBe('event\n"Signed Up, ""free"""\n')
  })

  it('runs a named query by name over --from/--to, and lists them', async () => {
    const named = await sql([
      '--query',
      'top_pages',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-01',
      '--format',
      'csv',
    ])
    expect(named).toEqual({ status: 0, stdout: 'page_path,views,visitors\n/,1,1\n', stderr: '' })
    expect((await sql(['--list'])).stdout).toMatch(
      /^bounce_rate .*\n[\s\S]*funnel[\s\S]*views: events, pages/,
    )
  })

  it('--include-bots counts a bot’s events and sessions in the named queries (left out by default)', async () => {
    const lake = join(temp.dir, 'with-bot')
    const events = [
      message({ id: 'u', key: 'anon-u', at: 0, type: 'page' }),
      message({ id: 'r', key: 'anon-r', at: 0, type: 'page', ip: BOT_IP }),
    ]
    await writeLake(lake, [kinesisRecords([events])], testEnricher)
    const daily = (...flags: string[]) =>
      sql([
        '--query',
        'daily_activity',
        '--lake',
        lake,
        '--format',
        'csv',
        ...flags,
        '--from',
        '2026-03-01',
        '--to',
        '2026-03-01',
      ])
    expect((await daily()).stdout).toBe('event_date,events,users,sessions\n2026-03-01,1,1,1\n')
    expect((await daily('--include-bots')).stdout).toBe(
      'event_date,events,users,sessions\n2026-03-01,2,2,2\n',
    )
    expect((await sql(['--list'])).stdout).toMatch(/channels[\s\S]*devices[\s\S]*counted_sessions/)
  })

  it('the prompt: statements over several lines until ";", errors reported, .quit leaves', async () => {
    const run = await sql(
      [],
      'SELECT count(*) AS n\nFROM events;\nSELECT nope;\n.quit\nSELECT 1;\n',
    )
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('n\n─\n2\n(1 row)')
    expect(run.stdout).not.toContain('(1 row)\nsql> ─')
    expect(run.stderr).toMatch(/^pnpm sql: Binder Error: .*"nope"/)
    expect(run.stdout.match(/\(1 row\)/g)).toHaveLength(1) // nothing after .quit
  })

  it('bad input: one line, a status per kind, never a stack', async () => {
    const cases: [string[], number, RegExp, NodeJS.ProcessEnv?][] = [
      [['--format', 'xml', 'SELECT 1'], 2, /--format: table, json or csv/],
      [['--query', 'nope'], 2, /no named query "nope"; the named queries are: bounce_rate/],
      [['--from', '2026-03-01', 'SELECT 1'], 2, /give both/],
      [['--gap', 'soon', 'SELECT 1'], 2, /--gap: not a duration/],
      [
        ['SELECT 1'],
        3,
        /no lake at .*none.*pnpm start/,
        { CLICKSTREAM_LAKE_DIR: join(temp.dir, 'none') },
      ],
      [['SELEC 1'], 5, /Parser Error: syntax error at or near "SELEC"/],
      [['--max-scan-files', '0', 'SELECT * FROM sessions'], 6, /refused: .*sessions.*--full-scan/],
    ]
    for (const [argv, status, message, env] of cases) {
      const run = await sql(argv, '', env)
      expect([argv, run.status, run.stdout]).toEqual([argv, status, ''])
      expect(run.stderr).toMatch(message)
      expect(run.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
