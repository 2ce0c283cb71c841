import { createEnricher, enrichInputOf, type GeoLookup } from '@clickstream/enrich'
import { describe, expect, it } from 'vitest'
import { message } from '../../test/kinesis.js'
import { compareFacts, toFact } from './event-fact.js'
import { enrichSession, expandClientHints } from './session-enrichment.js'

const geo: GeoLookup = {
  lookup: (ip) =>
    ip === '203.0.113.7'
      ? { country: 'NZ', region: 'Auckland', city: 'Auckland' }
      : ip === '2001:db8::7'
        ? { country: 'DE' }
        : undefined,
}
const BOT_IP = '192.0.2.66'
const enricher = createEnricher({
  geo,
  botIpRanges: { has: (ip) => ip === BOT_IP },
  anonymizeIp: true,
})
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
const facts = (...specs: Parameters<typeof message>[0][]) =>
  specs.map((spec) => toFact(message(spec))).sort(compareFacts)

describe('enrichSession', () => {
  it('takes the device from the first event with a user agent, the place from the first with an IP, the channel from the first', () => {
    const landing = {
      id: 'a',
      at: 0,
      userAgent: null,
      ip: null,
      url: 'https://shop.example/?utm_source=news&utm_medium=email',
      referrer: 'https://mail.example/',
    }
    const session = facts(
      landing,
      { id: 'b', at: 1, userAgent: IPHONE, ip: null },
      {
        id: 'c',
        at: 2,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        ip: '203.0.113.7',
      },
      { id: 'd', at: 3, ip: '2001:db8::7' },
    )
    const traffic = enricher.enrich(enrichInputOf(message(landing))).enrichment
    const device = enricher.enrich({ userAgent: IPHONE }).enrichment
    expect(enrichSession(session, enricher)).toEqual({
      deviceType: device.deviceType,
      ...pick(device, ['browserName', 'browserVersion', 'osName', 'osVersion']),
      bot: false,
      country: 'NZ',
      region: 'Auckland',
      city: 'Auckland',
      channel: traffic.channel,
      ...pick(traffic, ['trafficSource', 'trafficMedium']),
      userAgent: IPHONE,
      ip: '203.0.113.0', // anonymised after the lookup
    })
  })

  it('flags the session a bot’s when any event is, by its IP, whatever comes first', () => {
    const session = facts({ id: 'a', at: 0 }, { id: 'b', at: 5, ip: BOT_IP })
    expect(enrichSession(session, enricher)).toMatchObject({ bot: true, deviceType: 'bot' })
    expect(enrichSession(session.slice(0, 1), enricher)).toMatchObject({ bot: false })
  })

  it('skips IPs the enricher does not keep (malformed, anonymised) for the place', () => {
    const session = facts(
      { id: 'a', at: 0, ip: 'not-an-ip' },
      { id: 'b', at: 1, ip: '2001:db8::7' },
    )
    expect(enrichSession(session, enricher)).toMatchObject({ country: 'DE' })
    expect(enrichSession(session.slice(0, 1), enricher).country).toBeUndefined()
    expect(enrichSession(session.slice(0, 1), enricher).ip).toBeUndefined()
  })

  it('reads a track’s channel from its context.page, as the lake’s row does', () => {
    const track = message({ id: 'a', at: 0, url: 'https://shop.example/?gclid=1' })
    const [fact] = facts({ id: 'a', at: 0, url: 'https://shop.example/?gclid=1' })
    expect(fact?.pg).toBeUndefined()
    expect(fact?.tu).toBe('https://shop.example/?gclid=1')
    expect(enrichSession([fact as never], enricher)).toMatchObject(
      pick(enricher.enrich(enrichInputOf(track)).enrichment, ['channel', 'trafficSource']),
    )
  })

  it('keeps client hints compact and gives them back as Segment sends them', () => {
    const userAgentData = {
      brands: [
        { brand: 'Chromium', version: '126' },
        { brand: 'Not.A/Brand', version: 8 },
      ],
      mobile: true,
      platform: 'Android',
      platformVersion: '14.0.0',
      model: 'x'.repeat(500),
      junk: { deep: true },
    }
    const [fact] = facts({ id: 'a', at: 0, userAgentData })
    expect(fact?.uad).toEqual({ b: [['Chromium', '126']], m: true, p: 'Android', pv: '14.0.0' })
    expect(expandClientHints(fact?.uad)).toEqual({
      brands: [{ brand: 'Chromium', version: '126' }],
      mobile: true,
      platform: 'Android',
      platformVersion: '14.0.0',
    })
    // Hints without a user agent are not kept: the device is read from the user agent's event.
    expect(facts({ id: 'b', at: 0, userAgent: null, userAgentData })[0]?.uad).toBeUndefined()
  })

  it.each([
    ['no user agent or IP', { userAgent: null, ip: null }],
    ['a 10 KB user agent', { userAgent: `Mozilla/5.0 ${'x'.repeat(10_240)}` }],
    ['a binary user agent', { userAgent: '\u0000\uFFFD\uD800\u0007\u001b[31m' }],
    ['a malformed IP', { ip: '999.999.1.1.1' }],
    ['a mapped IPv6 IP', { ip: '::ffff:203.0.113.7' }],
    ['junk client hints', { userAgentData: { brands: 'x', mobile: 'yes', platform: 7 } }],
  ])('never throws on %s: an enrichment with a device type, bot flag and channel', (_, spec) => {
    const result = enrichSession(facts({ id: 'a', at: 0, ...spec }), enricher)
    expect(result).toMatchObject({
      deviceType: expect.any(String),
      bot: expect.any(Boolean),
      channel: expect.any(String),
    })
  })
})

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {}
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key]
  return out
}
