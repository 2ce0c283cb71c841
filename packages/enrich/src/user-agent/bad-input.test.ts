import { enrichmentSchema } from '@clickstream/schema'
import { PROPERTY_TEST_TIMEOUT_MS } from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEnricher } from '../enricher.js'
import { isBotUserAgent, MAX_USER_AGENT_LENGTH, parseUserAgent } from './parse-user-agent.js'

/** What `parseUserAgent` returns must be storable: the schema's rules for these fields. */
const deviceSchema = enrichmentSchema
  .pick({
    deviceType: true,
    browserName: true,
    browserVersion: true,
    osName: true,
    osVersion: true,
  })
  .strict()

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'

const TEN_KB = 10_240
const fill = (unit: string) => unit.repeat(Math.ceil(TEN_KB / unit.length)).slice(0, TEN_KB)

/**
 * Repetitions that make regular expressions backtrack: ua-parser-js 1.x has had ReDoS CVEs on
 * such input. `Android ` is the slowest found (a 20-second search over repeated UA fragments):
 * 0.4 ms at 500 characters, where a real user agent takes 0.02 ms.
 */
const HOSTILE: [string, string][] = [
  ['spaces', fill(' ')],
  ['spaces then a letter', `${fill(' ')}x`],
  ['tabs and spaces', fill(' \t')],
  ['Android ', fill('Android ')],
  ['Mozilla/5.0 (', fill('Mozilla/5.0 (')],
  ['Linux; ', fill('Linux; ')],
  [' Build/', fill(' Build/')],
  ['a version', fill('1.')],
  ['parentheses', fill('(')],
  ['semicolons', fill(';')],
  ['(compatible; ', fill('(compatible; ')],
  ['Windows NT inside a browser', `Mozilla/5.0 (${fill('Windows NT 10.0; ')}) Safari`],
]

describe('user agents that are not', () => {
  const cases: [string, unknown][] = [
    ['missing', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { toString: () => CHROME }],
    ['empty', ''],
    ['blank', '   '],
    ['10 KB of x', fill('x')],
    ['10 KB of NUL', fill('\u0000')],
    ['lone surrogates', fill('\uD800')],
    ['a reversed surrogate pair', fill('\uDC00\uD800')],
    ['emoji', fill('😀')],
  ]

  it.each(cases)('%s: no throw, an unknown device', (_name, ua) => {
    const info = parseUserAgent(ua as string)
    expect(deviceSchema.parse(info)).toEqual(info)
    expect(info.deviceType === 'other' || info.deviceType === 'bot').toBe(true)
    expect(() => isBotUserAgent(ua as string)).not.toThrow()
  })

  it('binary around a real user agent: what can be read is read, nothing unprintable kept', () => {
    const info = parseUserAgent(`\u0000\uD800${CHROME}\u0000\uDFFF`)
    expect(deviceSchema.parse(info)).toEqual(info)
    expect(info.osName).toBe('Windows')
  })

  it(`only the first ${MAX_USER_AGENT_LENGTH} characters are read`, () => {
    const padded = `${CHROME}${' '.repeat(MAX_USER_AGENT_LENGTH)}Googlebot/2.1`
    expect(isBotUserAgent(padded)).toBe(false)
    expect(parseUserAgent(padded)).toEqual(parseUserAgent(CHROME))
  })
})

describe('hostile user agents parse in bounded time', () => {
  // Measured: ≤ 0.4 ms each (best of 3 on a 2-core machine). The bound is 50 times that, so a
  // loaded machine does not fail it, while a catastrophic backtrack (seconds) does.
  const BOUND_MS = 20

  it.each(HOSTILE)('10 KB of %s', (_name, ua) => {
    let best = Number.POSITIVE_INFINITY
    for (let run = 0; run < 3; run++) {
      const start = performance.now()
      const info = parseUserAgent(ua)
      isBotUserAgent(ua)
      best = Math.min(best, performance.now() - start)
      expect(deviceSchema.parse(info)).toEqual(info)
    }
    expect(best).toBeLessThan(BOUND_MS)
  })
})

describe('any string', () => {
  it(
    'parses to a storable device, never throwing',
    () => {
      const anyString = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 600 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 600 }),
        fc
          .tuple(fc.constantFrom(...HOSTILE.map(([, ua]) => ua.slice(0, 64))), fc.nat(600))
          .map(([unit, n]) => unit.repeat(Math.ceil(n / 64) + 1).slice(0, n)),
        fc.constant(CHROME).chain((ua) => fc.nat(ua.length).map((n) => ua.slice(0, n))),
      )
      fc.assert(
        fc.property(anyString, fc.anything(), (ua, hints) => {
          const info = parseUserAgent(ua, hints)
          expect(deviceSchema.parse(info)).toEqual(info)
        }),
        { numRuns: 2_000 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )

  it('through the enricher: any user agent and hints give a valid enrichment', () => {
    const enricher = createEnricher()
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (userAgent, userAgentData) => {
        const { enrichment } = enricher.enrich({ userAgent, userAgentData })
        expect(enrichmentSchema.parse(enrichment)).toEqual(enrichment)
      }),
      { numRuns: 1_000 },
    )
  })

  it("the enricher's cache key loses nothing: it gives what parseUserAgent gives", () => {
    const enricher = createEnricher({ cacheSize: 50 })
    const word = fc.oneof(
      fc.constantFrom(
        'Google Chrome',
        'Chromium',
        'Not A(Brand',
        'Windows',
        'macOS',
        'Android',
        '',
      ),
      fc.string({ unit: 'binary', maxLength: 20 }),
    )
    const hints = fc.record(
      {
        brands: fc.array(fc.record({ brand: word, version: fc.constantFrom('124', '1.2.3', 'x') })),
        mobile: fc.boolean(),
        platform: word,
        platformVersion: fc.constantFrom('15.0.0', '10.0', '', 'abc'),
      },
      { requiredKeys: [] },
    )
    const userAgent = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 700 }),
      fc.constantFrom(CHROME, `${CHROME}\u0000\u0000`, '\u0000\u0000\u0000\u0000\u0000\u0000'),
    )
    fc.assert(
      fc.property(userAgent, hints, (ua, userAgentData) => {
        const { enrichment } = enricher.enrich({ userAgent: ua, userAgentData })
        const info = parseUserAgent(ua, userAgentData)
        expect(enrichment).toMatchObject(info)
        for (const key of ['browserName', 'browserVersion', 'osName', 'osVersion'] as const) {
          expect(enrichment[key]).toBe(info[key])
        }
      }),
      { numRuns: 1_000 },
    )
  })
})
