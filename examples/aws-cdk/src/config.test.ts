import { describe, expect, it } from 'vitest'
import { type ClickstreamConfig, resolveClickstreamConfig } from './config.js'
import { CONTEXT_KEYS, configFromContext } from './context.js'
import { ContextError } from './errors.js'

describe('resolveClickstreamConfig', () => {
  it('fills in the documented defaults', () => {
    const config = resolveClickstreamConfig()
    expect(config).toMatchObject({
      streamMode: 'on-demand',
      corsOrigins: ['*'],
      sourcesParameter: '/clickstream/sources',
      batchSize: 100,
      batchingWindowSeconds: 1,
      bisectOnError: true,
      retryAttempts: 10,
      maxRecordAgeHours: 24,
      parallelizationFactor: 1,
      sessionGapMs: 1_800_000,
      archive: true,
      archiveInfrequentAccessDays: 30,
      archiveGlacierDays: 90,
      lake: true,
      lakeBufferSeconds: 300,
      lakeBufferMb: 128,
      lakeTransformMemoryMb: 512,
      athenaScanCutoffMb: 10_240,
      runtime: 'nodejs24.x',
      retentionHours: 168,
      cdn: true,
      waf: true,
      wafRateLimit: 3000,
      sourcesTtlSeconds: 60,
      anonymizeIp: true,
      collectorReservedConcurrency: 100,
      tracing: false,
      sessionTtlDays: 400,
      archiveExpireDays: 400,
      archiveNoncurrentDays: 30,
      noEventsAlarmMinutes: 60,
    })
    expect(config.lakeTransformEntry).toMatch(
      /examples\/aws-cdk\/src\/entrypoints\/lake-transform-lambda\.ts$/,
    )
    expect(config.collectorEntry).toMatch(
      /examples\/aws-cdk\/src\/entrypoints\/collector-lambda\.ts$/,
    )
    expect(config.sessionizerEntry).toMatch(
      /packages\/sessionizer-lambda\/src\/entrypoints\/lambda\.ts$/,
    )
  })

  it('clamps numbers to what AWS accepts', () => {
    const config = resolveClickstreamConfig({
      batchSize: 50_000,
      parallelizationFactor: 0,
      maxRecordAgeHours: 0,
      archiveInfrequentAccessDays: 10,
      archiveGlacierDays: 40,
      archiveExpireDays: 5,
    })
    expect(config.batchSize).toBe(10_000)
    expect(config.parallelizationFactor).toBe(1)
    expect(config.maxRecordAgeHours).toBe(1)
    expect(config.archiveInfrequentAccessDays).toBe(30)
    // Objects stay 30 days in Standard-IA before the next transition; expiry comes after that.
    expect(config.archiveGlacierDays).toBe(60)
    expect(config.archiveExpireDays).toBe(61)
  })

  it('clamps the lake to what Firehose and Athena accept', () => {
    // Dynamic partitioning needs a 60 s interval at least; format conversion 64 MiB buffers.
    expect(
      resolveClickstreamConfig({ lakeBufferSeconds: 10, lakeBufferMb: 1, athenaScanCutoffMb: 1 }),
    ).toMatchObject({ lakeBufferSeconds: 60, lakeBufferMb: 64, athenaScanCutoffMb: 10 })
    expect(resolveClickstreamConfig({ lakeBufferSeconds: 3600, lakeBufferMb: 512 })).toMatchObject({
      lakeBufferSeconds: 900,
      lakeBufferMb: 128,
    })
  })

  it('keeps -1 (no limit) for retries, but not for record age: a record must reach the DLQ before it expires', () => {
    const config = resolveClickstreamConfig({ retryAttempts: -1 })
    expect(config.retryAttempts).toBe(-1)
    expect(() => resolveClickstreamConfig({ maxRecordAgeHours: -1 })).toThrow(
      /must be below retentionHours/,
    )
  })

  it('sizes the reserved concurrency from the peak request rate (Little law, ×2)', () => {
    const reserved = (config: ClickstreamConfig) =>
      resolveClickstreamConfig(config).collectorReservedConcurrency
    expect(reserved({ collectorPeakRequestsPerSecond: 2000 })).toBe(400)
    expect(reserved({ collectorPeakRequestsPerSecond: 1 })).toBe(10)
    expect(reserved({ collectorReservedConcurrency: -1 })).toBe(-1)
  })
})

describe('configFromContext', () => {
  const from = (context: Record<string, unknown>) => configFromContext((key) => context[key])

  it('parses -c strings into typed settings', () => {
    expect(
      from({
        streamMode: 'provisioned',
        shardCount: '4',
        corsOrigins: 'https://a.example, https://b.example',
        bisectOnError: 'false',
        collectorReservedConcurrency: '0',
        alarmEmail: 'ops@example.com',
        lake: 'false',
        athenaScanCutoffMb: '2048',
      }),
    ).toEqual({
      streamMode: 'provisioned',
      shardCount: 4,
      corsOrigins: ['https://a.example', 'https://b.example'],
      bisectOnError: false,
      collectorReservedConcurrency: 0,
      alarmEmail: 'ops@example.com',
      lake: false,
      athenaScanCutoffMb: 2048,
    })
  })

  it('reads the enrichment keys: a geo database path and comma-separated bot ranges', () => {
    expect(
      from({ geoDatabase: './GeoLite2-City.mmdb', botIpRanges: '192.0.2.0/24, 2001:db8::/32' }),
    ).toEqual({
      geoDatabase: './GeoLite2-City.mmdb',
      botIpRanges: ['192.0.2.0/24', '2001:db8::/32'],
    })
    expect(resolveClickstreamConfig()).toMatchObject({ geoDatabase: '', botIpRanges: [] })
  })

  it('accepts JSON values from cdk.json and ignores unknown or empty keys', () => {
    expect(
      from({ batchSize: 500, archive: false, corsOrigins: ['*'], other: 1, runtime: '' }),
    ).toEqual({
      batchSize: 500,
      archive: false,
      corsOrigins: ['*'],
    })
  })

  it('names every bad key', () => {
    const bad = () =>
      from({
        streamMode: 'fast',
        shardCount: 'two',
        sourcesParameter: 'no-slash',
        lakeBufferMb: 'big',
        athenaScanCutoffMb: '-5',
      })
    expect(bad).toThrow(ContextError)
    expect(bad).toThrow(
      /streamMode.*shardCount.*sourcesParameter.*lakeBufferMb.*athenaScanCutoffMb/,
    )
  })

  it('covers every setting except the code locations', () => {
    const settings = Object.keys(resolveClickstreamConfig()).filter((k) => !k.endsWith('Entry'))
    expect([...CONTEXT_KEYS].sort()).toEqual(
      [
        ...settings,
        'sourcesSecret',
        'sourcesKmsKeyArn',
        'domainName',
        'certificateArn',
        'webAclArn',
        'alarmEmail',
      ].sort(),
    )
  })
})
