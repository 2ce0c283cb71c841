import { describe, expect, it } from 'vitest'
import { loadConfig, parseDuration } from './config.js'
import { ConfigError } from './errors.js'

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

  it('answers --help', () => {
    expect(loadConfig(['--help'], {})).toBe('help')
  })
})
