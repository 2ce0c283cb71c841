import { describe, expect, it } from 'vitest'
import { resolveSessionRules } from '../core/options.js'
import { ConfigError } from '../errors.js'
import { parseEnv } from './config.js'

/** The settings a `ConfigError` names, or the error when it is not one. */
function settingsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseEnv(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.setting)
    throw error
  }
  throw new Error('parseEnv accepted the environment')
}

describe('parseEnv', () => {
  it('applies the defaults of the session rules, the table dead letter and the region', () => {
    expect(parseEnv({ TABLE_NAME: 'sessions' })).toEqual({
      tableName: 'sessions',
      rules: resolveSessionRules(),
      deadLetter: { kind: 'table', tableName: 'sessions' },
      aws: { region: 'us-east-1' },
      enrich: {},
    })
    expect(resolveSessionRules()).toMatchObject({
      gapMs: 1_800_000,
      maxSessionMs: 86_400_000,
      lateHorizonMs: 172_800_000,
      ttlMs: undefined,
    })
  })

  it('reads the rules, a Kinesis dead letter and local endpoints; never credentials', () => {
    const config = parseEnv({
      TABLE_NAME: 'sessions',
      SESSION_GAP_MS: '10000',
      MAX_SESSION_MS: '3600000',
      LATE_HORIZON_MS: '7200000',
      SESSION_TTL_MS: '86400000',
      DEAD_LETTER_KIND: 'kinesis',
      DEAD_LETTER_TARGET: 'dead-letters',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:4568',
      KINESIS_ENDPOINT: 'http://127.0.0.1:4567',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA-not-read',
      AWS_SECRET_ACCESS_KEY: 'not-read',
    })
    expect(config).toEqual({
      tableName: 'sessions',
      rules: {
        ...resolveSessionRules(),
        gapMs: 10_000,
        maxSessionMs: 3_600_000,
        lateHorizonMs: 7_200_000,
        ttlMs: 86_400_000,
      },
      deadLetter: { kind: 'kinesis', streamName: 'dead-letters' },
      aws: {
        region: 'eu-west-1',
        dynamodbEndpoint: 'http://127.0.0.1:4568',
        kinesisEndpoint: 'http://127.0.0.1:4567',
      },
      enrich: {},
    })
  })

  it('reads the enrichment settings (ENRICH_*) with parseEnrichEnv', () => {
    expect(
      parseEnv({
        TABLE_NAME: 's',
        ENRICH_GEO_DATABASE: '/opt/geo/GeoLite2-City.mmdb',
        ENRICH_BOT_IP_RANGES: '192.0.2.0/24, 2001:db8::/32',
        ENRICH_ANONYMIZE_IP: 'true',
      }).enrich,
    ).toEqual({
      geoDatabase: '/opt/geo/GeoLite2-City.mmdb',
      botIpRanges: ['192.0.2.0/24', '2001:db8::/32'],
      anonymizeIp: true,
    })
    expect(parseEnv({ TABLE_NAME: 's', ENRICH_GEO_DATABASE: 'none' }).enrich).toEqual({
      geoDatabase: false,
    })
    expect(settingsOf({ TABLE_NAME: 's', ENRICH_ANONYMIZE_IP: 'yes' })).toEqual([
      'ENRICH_ANONYMIZE_IP',
    ])
  })

  it('sends table dead letters to another table when a target is set', () => {
    expect(parseEnv({ TABLE_NAME: 's', DEAD_LETTER_TARGET: 'dl' }).deadLetter).toEqual({
      kind: 'table',
      tableName: 'dl',
    })
  })

  it('reads the table dead letter’s shards and concurrency, within their limits', () => {
    expect(
      parseEnv({ TABLE_NAME: 's', DEAD_LETTER_SHARDS: '32', DEAD_LETTER_CONCURRENCY: '4' })
        .deadLetter,
    ).toEqual({ kind: 'table', tableName: 's', shards: 32, concurrency: 4 })
    expect(
      parseEnv({ TABLE_NAME: 's', DEAD_LETTER_SHARDS: '256', DEAD_LETTER_CONCURRENCY: '1' })
        .deadLetter,
    ).toMatchObject({ shards: 256, concurrency: 1 })
    for (const bad of ['0', '257', '1.5', 'many']) {
      expect(settingsOf({ TABLE_NAME: 's', DEAD_LETTER_SHARDS: bad })).toEqual([
        'DEAD_LETTER_SHARDS',
      ])
    }
    for (const bad of ['0', '65', '-3']) {
      expect(settingsOf({ TABLE_NAME: 's', DEAD_LETTER_CONCURRENCY: bad })).toEqual([
        'DEAD_LETTER_CONCURRENCY',
      ])
    }
    expect(
      settingsOf({
        TABLE_NAME: 's',
        DEAD_LETTER_KIND: 'kinesis',
        DEAD_LETTER_TARGET: 'dl',
        DEAD_LETTER_SHARDS: '16',
        DEAD_LETTER_CONCURRENCY: '8',
      }),
    ).toEqual(['DEAD_LETTER_SHARDS', 'DEAD_LETTER_CONCURRENCY'])
  })

  it('names every bad setting in one ConfigError', () => {
    expect(settingsOf({ SESSION_GAP_MS: '-1', DEAD_LETTER_KIND: 'sns' })).toEqual([
      'TABLE_NAME',
      'SESSION_GAP_MS',
      'DEAD_LETTER_KIND',
    ])
    expect(settingsOf({ TABLE_NAME: 't', DEAD_LETTER_KIND: 'kinesis' })).toEqual([
      'DEAD_LETTER_TARGET',
    ])
    expect(
      settingsOf({
        DEAD_LETTER_KIND: 'kinesis',
        KINESIS_ENDPOINT: 'localhost',
        LATE_HORIZON_MS: 'x',
      }),
    ).toEqual(['TABLE_NAME', 'LATE_HORIZON_MS', 'KINESIS_ENDPOINT', 'DEAD_LETTER_TARGET'])
    expect(() => parseEnv({ TABLE_NAME: 't', SESSION_TTL_MS: '1.5' })).toThrow(
      /invalid sessionizer configuration: SESSION_TTL_MS: /,
    )
  })
})
