import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { DEV_WRITE_KEY, loadConfig } from './env.js'

describe('loadConfig', () => {
  it('runs with no environment at all: memory sinks and the dev source', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', devSource: true })
    expect(config.kinesisStream).toBeUndefined()
    expect(config.sources).toEqual({ [DEV_WRITE_KEY]: { id: 'dev', allowedOrigins: '*' } })
  })

  it('reads streams, sources, CORS fallback, proxies and limits', () => {
    const config = loadConfig({
      PORT: '9000',
      KINESIS_STREAM: 'events',
      SOURCES: JSON.stringify({ k1: { id: 'web' }, k2: { id: 'app', allowedOrigins: [] } }),
      CORS_ORIGINS: 'https://a.example, https://b.example',
      TRUSTED_PROXIES: '10.0.0.0/8,127.0.0.1',
      ANONYMIZE_IP: 'true',
      RATE_LIMIT_RPS: '50',
    })
    expect(config).toMatchObject({
      port: 9000,
      kinesisStream: 'events',
      devSource: false,
      trustedProxies: ['10.0.0.0/8', '127.0.0.1'],
      anonymiseIp: true,
      rateLimit: { ratePerSecond: 50 },
    })
    expect(config.sources.k1?.allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(config.sources.k2?.allowedOrigins).toEqual([])
  })

  it('names bad variables without echoing secrets', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ KINESIS_STREAM: 'events' })).toThrow(ConfigError)
    expect(() => loadConfig({ SOURCES: '{"secret-key": 1}' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-key') }),
    )
  })
})
