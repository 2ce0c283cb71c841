import { describe, expect, it } from 'vitest'
import { parseReplayArgs, type ReplayConfig } from './args.js'
import { ReplayArgumentError } from './errors.js'
import { EVERYTHING } from './range.js'

const NOW = Date.parse('2026-03-10T12:00:00.000Z')
const enrichOf = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  (parseReplayArgs(['--from', '2026-03-01', ...argv], env, NOW) as ReplayConfig).enrich

describe('pnpm replay’s enrichment settings', () => {
  it('defaults to the sessionizer’s: the bundled geo database, no bot ranges', () => {
    expect(enrichOf([])).toEqual({
      settings: { geoDatabase: 'ENRICH_GEO_DATABASE', botIpRanges: 'ENRICH_BOT_IP_RANGES' },
    })
  })

  it('reads --geo-database and --bot-ip-ranges, errors naming the flags', () => {
    expect(
      enrichOf([
        '--geo-database',
        '/geo/GeoLite2-City.mmdb',
        '--bot-ip-ranges',
        '192.0.2.0/24, 198.51.100.0/24',
      ]),
    ).toEqual({
      geoDatabase: '/geo/GeoLite2-City.mmdb',
      botIpRanges: ['192.0.2.0/24', '198.51.100.0/24'],
      settings: { geoDatabase: '--geo-database', botIpRanges: '--bot-ip-ranges' },
    })
    expect(enrichOf(['--geo-database', 'none']).geoDatabase).toBe(false)
  })

  it('falls back to the ENRICH_* environment; a flag wins over it', () => {
    const env = {
      ENRICH_GEO_DATABASE: '/env/city.mmdb',
      ENRICH_BOT_IP_RANGES: '203.0.113.0/24',
      ENRICH_ANONYMIZE_IP: 'true',
    }
    expect(enrichOf([], env)).toMatchObject({
      geoDatabase: '/env/city.mmdb',
      botIpRanges: ['203.0.113.0/24'],
      anonymizeIp: true,
      settings: { geoDatabase: 'ENRICH_GEO_DATABASE' },
    })
    expect(enrichOf(['--geo-database', 'none'], env)).toMatchObject({
      geoDatabase: false,
      botIpRanges: ['203.0.113.0/24'],
      settings: { geoDatabase: '--geo-database', botIpRanges: 'ENRICH_BOT_IP_RANGES' },
    })
  })
})

describe('pnpm replay --dlq-message and --dlq', () => {
  const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
    parseReplayArgs(argv, env, NOW) as ReplayConfig
  const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      parseReplayArgs(argv, env, NOW)
    } catch (error) {
      expect(error).toBeInstanceOf(ReplayArgumentError)
      return (error as Error).message
    }
    throw new Error(`${argv.join(' ')} was accepted`)
  }

  it('re-drives into the live table by default, read from the stream, with no range', () => {
    expect(parse(['--dlq-message', 'dlq.json'])).toMatchObject({
      source: 'stream',
      dlq: { kind: 'message', path: 'dlq.json' },
      range: EVERYTHING,
      table: 'clickstream-sessions',
      tableMode: 'existing',
      kinesisEndpoint: 'http://127.0.0.1:4567',
    })
    expect(
      parse(['--dlq-message', '-', '--new-table', 'look'], {
        CLICKSTREAM_TABLE: 'sessions-v2',
        CLICKSTREAM_KINESIS_PORT: '5567',
      }),
    ).toMatchObject({ table: 'look', tableMode: 'fresh', kinesisEndpoint: 'http://127.0.0.1:5567' })
    expect(
      parse(['--dlq-message', '-', '--kinesis-endpoint', 'http://k:1'], {
        CLICKSTREAM_TABLE: 'v2',
      }),
    ).toMatchObject({ table: 'v2', tableMode: 'existing', kinesisEndpoint: 'http://k:1' })
    // On AWS no bucket is needed: the records come from the stream.
    expect(parse(['--dlq-message', 'm.json', '--aws', '--table', 'prod'])).toMatchObject({
      aws: true,
      table: 'prod',
    })
  })

  it('reads --dlq with --max-messages and --keep', () => {
    expect(parse(['--dlq', 'https://sqs.us-east-1.amazonaws.com/1/dlq'])).toMatchObject({
      dlq: {
        kind: 'queue',
        url: 'https://sqs.us-east-1.amazonaws.com/1/dlq',
        maxMessages: 10,
        keep: false,
      },
    })
    expect(
      parse(['--dlq', 'http://127.0.0.1:9324/q', '--max-messages', '3', '--keep']).dlq,
    ).toEqual({ kind: 'queue', url: 'http://127.0.0.1:9324/q', maxMessages: 3, keep: true })
  })

  it.each([
    [
      ['--dlq', 'https://q', '--from', '2026-03-01'],
      '--dlq re-drives the records its message points at: --from does not go with it',
    ],
    [
      ['--dlq-message', 'm.json', '--to', '2026-03-01'],
      '--dlq-message re-drives the records its message points at: --to does not go with it',
    ],
    [['--dlq-message', 'm.json', '--source', 'archive'], '--source does not go with it'],
    [
      ['--dlq-message', 'm.json', '--dlq', 'https://q'],
      '--dlq-message and --dlq both say what to re-drive: give one',
    ],
    [['--from', '2026-03-01', '--keep'], '--keep goes with --dlq'],
    [['--dlq-message', 'm.json', '--max-messages', '5'], '--max-messages goes with --dlq'],
    [
      ['--dlq', 'https://q', '--max-messages', '0'],
      '--max-messages "0" is not a whole number from 1 to 10000',
    ],
    [['--dlq', 'my-queue'], '--dlq "my-queue" is not a queue URL'],
    [['--dlq-message', ''], '--dlq-message needs a file, or - for stdin'],
    [
      ['--dlq-message', 'm.json', '--aws'],
      '--dlq-message with --aws needs --table (or CLICKSTREAM_TABLE)',
    ],
  ])('refuses %j', (argv, message) => {
    expect(refusal(argv)).toContain(message)
  })
})
