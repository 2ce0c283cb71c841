import { resolveSessionRules } from '@clickstream/sessionizer-lambda'
import { describe, expect, it } from 'vitest'
import { localConfigSchema, localEnrichConfig } from './config.js'
import { localSessionizerConfig } from './sessionizer.js'

describe('localSessionizerConfig', () => {
  it('takes the local session rules, the pipeline’s enrichment config and sets dead letters aside in the sessions table', () => {
    const config = localConfigSchema.parse({ table: 'sessions', gapMs: '10s', maxSessionMs: '2h' })
    const endpoints = { kinesis: 'http://127.0.0.1:4567', dynamodb: 'http://127.0.0.1:4568' }
    expect(localSessionizerConfig(config, endpoints)).toEqual({
      tableName: 'sessions',
      rules: resolveSessionRules({ gapMs: 10_000, maxSessionMs: 7_200_000 }),
      deadLetter: { kind: 'table', tableName: 'sessions' },
      enrich: localEnrichConfig(config),
      aws: {
        region: 'local',
        dynamodbEndpoint: endpoints.dynamodb,
        kinesisEndpoint: endpoints.kinesis,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      },
    })
  })
})

describe('localSessionizerConfig: enrichment', () => {
  it('passes the enrichment flags, named as the flags for its errors', () => {
    const config = localConfigSchema.parse({
      geoDatabase: 'none',
      botIpRanges: '192.0.2.0/24',
      anonymizeIp: 'on',
    })
    const endpoints = { kinesis: 'http://127.0.0.1:4567', dynamodb: 'http://127.0.0.1:4568' }
    expect(localSessionizerConfig(config, endpoints).enrich).toEqual({
      geoDatabase: false,
      botIpRanges: ['192.0.2.0/24'],
      anonymizeIp: true,
      settings: { geoDatabase: '--geo-database', botIpRanges: '--bot-ip-ranges' },
    })
  })
})
