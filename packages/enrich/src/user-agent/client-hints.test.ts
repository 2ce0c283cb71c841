import { describe, expect, it } from 'vitest'
import { createEnricher } from '../enricher.js'
import { clientHintsOf } from './client-hints.js'
import { parseUserAgent } from './parse-user-agent.js'

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const CHROME_ANDROID_NO_MOBILE =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const FIREFOX_UBUNTU =
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'
const OPERA_WINDOWS = `${CHROME_WINDOWS} OPR/109.0.0.0`

/** What Chrome 124 sends as `navigator.userAgentData` (low entropy), GREASE brand included. */
const chromeBrands = [
  { brand: 'Chromium', version: '124' },
  { brand: 'Google Chrome', version: '124' },
  { brand: 'Not-A.Brand', version: '99' },
]

describe('client hints refine the user agent', () => {
  it('platformVersion 13 and above is Windows 11, which the user agent cannot say', () => {
    const hints = {
      brands: chromeBrands,
      mobile: false,
      platform: 'Windows',
      platformVersion: '15.0.0',
    }
    expect(parseUserAgent(CHROME_WINDOWS, hints)).toEqual({
      deviceType: 'desktop',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Windows',
      osVersion: '11',
    })
  })

  it.each([
    ['10.0.0', '10'],
    ['1.0.0', '10'],
    ['13.0.0', '11'],
    ['0.3.0', '8.1'],
    ['0.1.0', '7'],
  ])('Windows platformVersion %s is Windows %s', (platformVersion, windows) => {
    const hints = { brands: chromeBrands, platform: 'Windows', platformVersion }
    expect(parseUserAgent(CHROME_WINDOWS, hints).osVersion).toBe(windows)
  })

  it("platformVersion gives macOS's real version (the user agent is frozen at 10.15.7)", () => {
    const hints = { brands: chromeBrands, platform: 'macOS', platformVersion: '14.4.1' }
    expect(parseUserAgent(CHROME_MAC, hints)).toMatchObject({ osName: 'macOS', osVersion: '14.4' })
  })

  it.each([
    // Edge with its `Edg/` token removed (a privacy extension): the brand still says Edge.
    ['Edge', CHROME_WINDOWS, ['Not/A)Brand', 'Chromium', 'Microsoft Edge'], '124'],
    ['Opera', OPERA_WINDOWS, ['Opera', 'Chromium', 'Not:A-Brand'], '109'],
  ])("%s's own brand names the browser, as ua-parser-js names it", (name, ua, brands, version) => {
    const hints = { brands: brands.map((brand) => ({ brand, version })) }
    expect(parseUserAgent(ua, hints)).toMatchObject({ browserName: name, browserVersion: version })
  })

  it('fullVersionList is preferred to brands for the version', () => {
    const hints = {
      brands: [{ brand: 'Google Chrome', version: '124' }],
      fullVersionList: [
        { brand: 'Not-A.Brand', version: '99.0.0.0' },
        { brand: 'Google Chrome', version: '125.1.6422.60' },
      ],
    }
    expect(parseUserAgent(CHROME_WINDOWS, hints)).toMatchObject({
      browserName: 'Chrome',
      browserVersion: '125.1',
    })
  })

  it('a lone Chromium brand does not hide the browser the user agent names', () => {
    const brands = [
      { brand: 'Chromium', version: '109' },
      { brand: 'Not_A Brand', version: '24' },
    ]
    expect(parseUserAgent(OPERA_WINDOWS, { brands })).toMatchObject({
      browserName: 'Opera',
      browserVersion: '109',
    })
    expect(parseUserAgent('', { brands })).toEqual({
      deviceType: 'other',
      browserName: 'Chromium',
      browserVersion: '109',
    })
  })

  it('mobile: true makes a phone', () => {
    expect(parseUserAgent(CHROME_ANDROID_NO_MOBILE).deviceType).toBe('tablet')
    const hints = { brands: chromeBrands, mobile: true, platform: 'Android' }
    expect(parseUserAgent(CHROME_ANDROID_NO_MOBILE, hints)).toMatchObject({
      deviceType: 'mobile',
      osName: 'Android',
      osVersion: '10',
    })
  })

  it('a platform other than the user agent’s replaces its OS, and its version', () => {
    const hints = { brands: chromeBrands, platform: 'Chrome OS', platformVersion: '15633.69.0' }
    expect(parseUserAgent(CHROME_LINUX, hints)).toMatchObject({
      deviceType: 'desktop',
      osName: 'Chrome OS',
      osVersion: '15633.69',
    })
    expect(parseUserAgent(CHROME_WINDOWS, { platform: 'Linux' })).toEqual({
      deviceType: 'desktop',
      browserName: 'Chrome',
      browserVersion: '124',
      osName: 'Linux',
    })
  })

  it('platform Linux keeps the distribution the user agent names', () => {
    expect(
      parseUserAgent(FIREFOX_UBUNTU, { platform: 'Linux', platformVersion: '6.5.0' }),
    ).toMatchObject({
      osName: 'Ubuntu',
    })
    expect(parseUserAgent(FIREFOX_UBUNTU, { platform: 'Linux' }).osVersion).toBeUndefined()
  })

  it("headless Chrome's brand is a bot, whatever its user agent claims", () => {
    const brands = [
      { brand: 'Not-A.Brand', version: '99' },
      { brand: 'HeadlessChrome', version: '124' },
      { brand: 'Chromium', version: '124' },
    ]
    expect(parseUserAgent(CHROME_LINUX, { brands })).toMatchObject({
      deviceType: 'bot',
      browserName: 'Chrome Headless',
    })
  })
})

describe('hints that are not usable are ignored, never thrown on', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('hostile getter')
      },
    },
  )
  const junk: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'Windows'],
    ['a number', 42],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['brands not an array', { brands: 'Chrome' }],
    ['brands of junk', { brands: [null, 1, 'x', { brand: 7 }, { brand: '' }] }],
    ['only GREASE brands', { brands: [{ brand: 'Not)A;Brand', version: '8' }] }],
    ['platform Unknown', { platform: 'Unknown', platformVersion: '15.0.0' }],
    ['a 10 KB brand', { brands: [{ brand: 'x'.repeat(10_240), version: '1' }] }],
    ['a brand with NUL', { brands: [{ brand: 'Chrome\u0000', version: '1' }] }],
    ['a platform with a lone surrogate', { platform: 'Win\uD800dows' }],
    ['100,000 brands, all GREASE', { brands: Array(100_000).fill({ brand: 'Not A Brand' }) }],
    ['mobile as a string', { mobile: 'true' }],
    ['a platform no browser sends', { platform: 'Windows 11 Pro' }],
    ['a platform named after Object.prototype', { platform: 'toString', platformVersion: '1' }],
    ['a throwing getter', throwing],
  ]

  it.each(junk)('%s', (_name, hints) => {
    expect(clientHintsOf(hints)).toBeUndefined()
    expect(parseUserAgent(CHROME_WINDOWS, hints)).toEqual(parseUserAgent(CHROME_WINDOWS))
  })

  it('a brand named after Object.prototype is only a name', () => {
    expect(clientHintsOf({ brands: [{ brand: '__proto__', version: '1' }] })).toEqual({
      browserName: '__proto__',
      browserVersion: '1',
    })
    expect(clientHintsOf({ brands: [{ brand: 'constructor' }] })).toEqual({
      browserName: 'constructor',
    })
  })

  it('a version that is not a number is dropped, the brand kept', () => {
    expect(clientHintsOf({ brands: [{ brand: 'Google Chrome', version: 'latest' }] })).toEqual({
      browserName: 'Chrome',
    })
    expect(clientHintsOf({ platform: 'Windows', platformVersion: 'eleven' })).toEqual({
      osName: 'Windows',
    })
  })
})

describe('the enricher', () => {
  it('caches per user agent and hints: the same user agent with other hints is parsed again', () => {
    const enricher = createEnricher()
    const win11 = { brands: chromeBrands, platform: 'Windows', platformVersion: '15.0.0' }
    const win10 = { ...win11, platformVersion: '10.0.0' }
    const deviceOf = (userAgentData?: unknown) =>
      enricher.enrich({ userAgent: CHROME_WINDOWS, userAgentData }).enrichment.osVersion
    expect([
      deviceOf(win11),
      deviceOf(win10),
      deviceOf(),
      deviceOf(win11),
      deviceOf({ junk: 1 }),
    ]).toEqual(['11', '10', '10', '11', '10'])
  })

  it('reads hints without a user agent', () => {
    const { enrichment } = createEnricher().enrich({
      userAgentData: { brands: chromeBrands, mobile: true, platform: 'Android' },
    })
    expect(enrichment).toMatchObject({
      deviceType: 'mobile',
      browserName: 'Chrome',
      osName: 'Android',
      bot: false,
    })
  })
})
