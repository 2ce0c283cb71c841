import { readFileSync } from 'node:fs'
import { checkEvent, parseTrackingPlan } from '@clickstream/tracking-plan'
import { describe, expect, it } from 'vitest'
import { DEMO_TRACKING_PLAN, loadConfig, parseDuration, parseSize } from './config.js'
import { ConfigError } from './errors.js'
import { generateJourneys } from './simulate/journeys.js'

describe('parseDuration', () => {
  it.each([
    ['500', 500],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
  ])('%s → %i ms', (input, ms) => expect(parseDuration(input)).toBe(ms))

  it('names a bad value', () => {
    expect(() => parseDuration('soon')).toThrow(ConfigError)
    expect(() => parseDuration('soon')).toThrow('not a duration: "soon"')
  })
})

describe('parseSize', () => {
  it.each([
    ['1024', 1024],
    ['512KiB', 524_288],
    ['5MiB', 5_242_880],
    ['1.5 mib', 1_572_864],
    ['64KB', 64_000],
    ['1MB', 1_000_000],
  ])('%s → %i bytes', (input, bytes) => expect(parseSize(input)).toBe(bytes))

  it('names a bad value', () => {
    expect(() => parseSize('big')).toThrow(ConfigError)
    expect(() => parseSize('big')).toThrow('not a size: "big"')
  })
})

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig([], {})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      collectorPort: 8080,
      webPort: 3000,
      kinesisPort: 4567,
      dynamodbPort: 4568,
      writeKey: 'dev-write-key',
      gapMs: 1_800_000,
      batchSize: 100,
    })
    expect(config !== 'help' && config.dataDir.endsWith('.data')).toBe(true)
  })

  it("gives the dev source the demo shop's tracking plan unless told otherwise", () => {
    expect(loadConfig([], {})).toMatchObject({ trackingPlan: DEMO_TRACKING_PLAN })
    expect(loadConfig(['--tracking-plan', 'off'], {})).toMatchObject({ trackingPlan: 'off' })
    expect(loadConfig([], { CLICKSTREAM_TRACKING_PLAN: 'my.json' })).toMatchObject({
      trackingPlan: 'my.json',
    })
    // The demo plan is a valid plan of the shop's events.
    const plan = parseTrackingPlan(readFileSync(DEMO_TRACKING_PLAN, 'utf8'), { name: 'demo' })
    expect(Object.keys(plan.events)).toEqual([
      'Product Viewed',
      'Product Added',
      'Checkout Started',
      'Order Completed',
      'Signed In',
      'Signed Up',
      'Payment Captured',
      'Order Shipped',
    ])
    // `pnpm simulate`'s traffic breaks it only where the plan means it to: orders lack `total`.
    const calls = generateJourneys({ users: 100, events: 5000, gapMs: 1_800_000, start: 0 })
    const broken = new Set(
      calls.filter((c) => checkEvent(plan, c).length > 0).map((c) => c.event ?? c.type),
    )
    expect([...broken]).toEqual(['Order Completed'])
  })

  it('takes flags over environment over defaults', () => {
    const config = loadConfig(['--gap', '10s', '--port', '9000'], {
      SESSION_GAP_MS: '5m',
      CLICKSTREAM_WEB_PORT: '3100',
      CLICKSTREAM_COLLECTOR_PORT: '8081',
    })
    expect(config).toMatchObject({ gapMs: 10_000, collectorPort: 9000, webPort: 3100 })
  })

  it('adds host names for the web UI from a comma list', () => {
    expect(loadConfig([], {})).toMatchObject({ allowedHosts: [] })
    expect(
      loadConfig(['--allowed-hosts', 'dev-box.lan, 192.168.1.20'], {
        CLICKSTREAM_ALLOWED_HOSTS: 'ignored',
      }),
    ).toMatchObject({ allowedHosts: ['dev-box.lan', '192.168.1.20'] })
    expect(loadConfig([], { CLICKSTREAM_ALLOWED_HOSTS: 'dev-box.lan,[::1]' })).toMatchObject({
      allowedHosts: ['dev-box.lan', '[::1]'],
    })
  })

  it('refuses an allowed host that is not a host name, naming it', () => {
    for (const bad of ['http://dev-box.lan', 'dev-box.lan:3000', 'dev-box.lan/ui', 'a b', '-x']) {
      expect(() => loadConfig(['--allowed-hosts', bad], {})).toThrow(ConfigError)
      expect(() => loadConfig([], { CLICKSTREAM_ALLOWED_HOSTS: `ok.lan,${bad}` })).toThrow(
        /allowedHosts.*is not a host name/,
      )
    }
  })

  it('refuses bad values with a message naming them', () => {
    expect(() => loadConfig(['--port', 'eighty'], {})).toThrow(ConfigError)
    expect(() => loadConfig(['--port', 'eighty'], {})).toThrow(/collectorPort/)
    expect(() => loadConfig(['--gap', 'soon'], {})).toThrow(/not a duration/)
    expect(() => loadConfig(['--nope'], {})).toThrow(ConfigError)
    expect(() => loadConfig(['--nope'], {})).toThrow(/nope/)
    expect(() => loadConfig(['--port'], {})).toThrow(ConfigError)
  })

  it('has the lake on, Firehose-like buffering small enough to see data in seconds', () => {
    expect(loadConfig([], {})).toMatchObject({
      lake: true,
      lakeBufferBytes: 5 * 1024 * 1024,
      lakeBufferIntervalMs: 10_000,
    })
    expect(
      loadConfig(['--lake-buffer-size', '1MiB', '--lake-buffer-interval', '60s'], {
        CLICKSTREAM_LAKE: 'off',
        CLICKSTREAM_LAKE_BUFFER_SIZE: '64MiB',
      }),
    ).toMatchObject({ lake: false, lakeBufferBytes: 1_048_576, lakeBufferIntervalMs: 60_000 })
    expect(loadConfig(['--lake', 'on'], { CLICKSTREAM_LAKE: 'off' })).toMatchObject({ lake: true })
  })

  it("refuses lake settings outside Firehose's ranges, naming them", () => {
    expect(() => loadConfig(['--lake-buffer-size', '129MiB'], {})).toThrow(/lakeBufferBytes/)
    expect(() => loadConfig(['--lake-buffer-size', '0'], {})).toThrow(/lakeBufferBytes/)
    expect(() => loadConfig(['--lake-buffer-interval', '901s'], {})).toThrow(/lakeBufferIntervalMs/)
    expect(() => loadConfig(['--lake-buffer-size', 'lots'], {})).toThrow(/not a size: "lots"/)
    expect(() => loadConfig(['--lake', 'maybe'], {})).toThrow(/lake: "maybe" is not on or off/)
  })

  it('answers --help', () => {
    expect(loadConfig(['--help'], {})).toBe('help')
  })
})
