import { describe, expect, it } from 'vitest'
import { createEnricher } from '../enricher.js'
import { EnrichConfigError } from '../errors.js'
import { openEnricher, parseEnrichEnv } from '../open-enricher.js'
import { createMemoryGeoLookup } from './memory.js'

describe('geo and IPs through the enricher', () => {
  it('looks the IP up in the bundled database by default, and anonymises after the lookup', () => {
    const enricher = openEnricher({ anonymizeIp: true })
    expect(enricher.enrich({ ip: '::ffff:80.128.0.1' })).toMatchObject({
      enrichment: { country: 'DE' },
      ip: '80.128.0.0',
    })
    expect(enricher.enrich({ ip: '2601:100:abcd::8888' })).toMatchObject({
      enrichment: { country: 'US' },
      ip: '2601:100:abcd::',
    })
    const privateIp = enricher.enrich({ ip: '192.168.1.1' })
    expect(privateIp.enrichment.country).toBeUndefined()
    expect(privateIp.ip).toBe('192.168.1.0')
  })

  it('flags bot IP ranges from the environment, in any address form', () => {
    const enricher = openEnricher({
      ...parseEnrichEnv({
        ENRICH_BOT_IP_RANGES: '203.0.113.0/24, 2001:db8::/32',
        ENRICH_GEO_DATABASE: 'none',
      }),
    })
    expect(enricher.enrich({ ip: '[2001:db8::5]:443' }).enrichment.bot).toBe(true)
    expect(enricher.enrich({ ip: '::ffff:203.0.113.9' }).enrichment).toMatchObject({
      bot: true,
      deviceType: 'bot',
    })
    expect(enricher.enrich({ ip: '8.8.8.8' }).enrichment.bot).toBe(false)
  })

  it('stops at start-up on a bad setting, naming it', () => {
    expect(() =>
      openEnricher(parseEnrichEnv({ ENRICH_GEO_DATABASE: '/nonexistent/City.mmdb' })),
    ).toThrow('ENRICH_GEO_DATABASE: no such file')
    expect(() =>
      openEnricher({
        geoDatabase: '/nonexistent/City.mmdb',
        settings: { geoDatabase: '--geo-database' },
      }),
    ).toThrow(/^--geo-database: .*\(\/nonexistent\/City\.mmdb\)$/)
    expect(() =>
      openEnricher(parseEnrichEnv({ ENRICH_BOT_IP_RANGES: '10.0.0.0/8,10.0.0.300/8' })),
    ).toThrow(EnrichConfigError)
  })

  it('caches by canonical IP: one lookup for every form of an address', () => {
    let lookups = 0
    const memory = createMemoryGeoLookup([{ cidr: '8.8.8.0/24', country: 'US' }])
    const geo = {
      lookup(ip: string) {
        lookups++
        return memory.lookup(ip)
      },
    }
    const enricher = createEnricher({ geo })
    for (const ip of ['8.8.8.8', '::ffff:8.8.8.8', ' 8.8.8.8', '[::ffff:808:808]:1']) {
      expect(enricher.enrich({ ip }).enrichment.country).toBe('US')
    }
    expect(lookups).toBe(1)
  })
})
