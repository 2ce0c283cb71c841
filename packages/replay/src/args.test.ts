import { describe, expect, it } from 'vitest'
import { parseReplayArgs, type ReplayConfig } from './args.js'

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
