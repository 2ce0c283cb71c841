import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EnrichConfigError, openEnricher } from '@clickstream/enrich'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, localEnrichConfig } from './config.js'
import { openLocalEnricher } from './pipeline.js'

const load = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const config = loadConfig(argv, env)
  if (config === 'help') throw new Error('unexpected help')
  return config
}

describe('the enrichment settings of pnpm start', () => {
  it('default to the bundled database, no bot ranges, IPs kept', () => {
    const config = load([])
    expect(config).toMatchObject({ botIpRanges: [], anonymizeIp: false })
    expect(config.geoDatabase).toBeUndefined()
    expect(localEnrichConfig(config)).toEqual({
      settings: { geoDatabase: '--geo-database', botIpRanges: '--bot-ip-ranges' },
    })
  })

  it('reads flags over variables, none turns the geo lookup off, ranges are a comma list', () => {
    const config = load(['--geo-database', 'none', '--anonymize-ip', 'on'], {
      CLICKSTREAM_GEO_DATABASE: '/elsewhere.mmdb',
      CLICKSTREAM_BOT_IP_RANGES: '203.0.113.0/24, 2001:db8::/32,',
    })
    expect(localEnrichConfig(config)).toMatchObject({
      geoDatabase: false,
      botIpRanges: ['203.0.113.0/24', '2001:db8::/32'],
      anonymizeIp: true,
    })
  })

  it('resolves a relative database path, so the error and the lookups name the same file', () => {
    const config = load([], { CLICKSTREAM_GEO_DATABASE: 'geo/City.mmdb' })
    expect(localEnrichConfig(config).geoDatabase).toBe(join(process.cwd(), 'geo/City.mmdb'))
  })

  it('refuses an --anonymize-ip that is not on or off', () => {
    expect(() => load(['--anonymize-ip', 'maybe'])).toThrow(/anonymizeIp: "maybe" is not on or off/)
  })

  it('gives the enricher what it would compute for the default config', () => {
    const input = { userAgent: 'Mozilla/5.0', ip: '8.8.8.8', pageUrl: 'https://shop.example/' }
    expect(openLocalEnricher(load([])).enrich(input)).toEqual(openEnricher().enrich(input))
  })
})

describe('a geo database that cannot be used stops the start with one line naming --geo-database', () => {
  let dir: string
  const files: Record<string, string> = {}
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clickstream-geo-'))
    files['missing file'] = join(dir, 'missing.mmdb')
    files.directory = dir
    files['corrupt file'] = join(dir, 'corrupt.mmdb')
    files['empty file'] = join(dir, 'empty.mmdb')
    await writeFile(files['corrupt file'] as string, 'this is not a MaxMind database\n'.repeat(100))
    await writeFile(files['empty file'] as string, '')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it.each(['missing file', 'directory', 'corrupt file', 'empty file'])('a %s', (kind) => {
    const path = files[kind] as string
    const open = () => openLocalEnricher(load(['--geo-database', path]))
    expect(open).toThrow(EnrichConfigError)
    expect(open).toThrow(/^--geo-database: /)
    expect(open).toThrow(path)
  })

  it('pnpm start exits with status 2 (as for every config error) and that one line', async () => {
    const path = files['missing file'] as string
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@clickstream/source',
        join(import.meta.dirname, 'cli.ts'),
        '--in-memory',
        '--quiet',
        // Free ports: were the check missing, the pipeline would start without taking anyone's.
        ...['--port', '--web-port', '--kinesis-port', '--dynamodb-port'].flatMap((f) => [f, '0']),
        '--geo-database',
        path,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    // Were the pipeline to start instead, it would never exit: the test's deadline ends it.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearTimeout(deadline)
    expect(status).toBe(2)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^--geo-database: /)
    expect(lines[0]).toContain(path)
  })
})
