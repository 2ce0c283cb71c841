import { createEnricher, type Enricher, type GeoLookup } from '@clickstream/enrich'
import type { EnrichedMessage } from '@clickstream/schema'
import type { KinesisStreamRecord } from 'aws-lambda'
import fc from 'fast-check'
import { resolveSessionRules } from '../src/core/options.js'
import type { Fault } from './event-source.js'
import { kinesisRecord, message } from './kinesis.js'

/** A geo database of two networks, and a bot's IP range: sessions' enrichment varies by event. */
const geo: GeoLookup = {
  lookup: (ip) =>
    ip.startsWith('203.0.113.')
      ? { country: 'NZ', city: 'Auckland' }
      : ip.startsWith('2001:db8:')
        ? { country: 'DE' }
        : undefined,
}
export const BOT_IP = '192.0.2.66'
const base = createEnricher({
  geo,
  botIpRanges: { has: (ip) => ip === BOT_IP },
  anonymizeIp: true,
})
const label = (value: unknown) => (typeof value === 'string' ? value.slice(-40) : undefined)
/**
 * The real enricher, whose answers also echo its inputs (page URL, referrer, client hints), so
 * the properties see any input that a session's facts lose or take from the wrong event.
 */
const enricher: Enricher = {
  enrich(input) {
    const result = base.enrich(input)
    const hints = input.userAgentData as { platform?: unknown } | undefined
    const echo = {
      trafficSource: label(input.pageUrl),
      trafficMedium: label(input.referrer),
      osName: label(hints?.platform),
    }
    const enrichment = { ...result.enrichment }
    for (const [key, value] of Object.entries(echo))
      if (value) Object.assign(enrichment, { [key]: value })
    return { ...result, enrichment }
  },
}

/** Random delivery histories for the exactly-once properties (memory store and dynalite). */
export const options = {
  gapMs: 30 * 60_000,
  maxSessionMs: 2 * 3_600_000,
  maxEventNames: 2,
  enricher,
}
export const rules = resolveSessionRules(options)
export const KEYS = ['anon-a', 'anon-b', 'anon-c']

/** One event, plus how its copies travel: re-sends arrive later with a slightly other timestamp. */
const eventArb = fc.record({
  key: fc.constantFrom(...KEYS),
  at: fc.integer({ min: 0, max: 600 }),
  type: fc.constantFrom('page', 'track', 'track', 'identify', 'screen'),
  name: fc.constantFrom('A', 'B', 'C'),
  user: fc.option(fc.constantFrom('user-1', 'user-2'), { nil: undefined }),
  /** Which user agent, IP and landing URL: the session's enrichment depends on which is first. */
  userAgent: fc.constantFrom(
    undefined,
    null,
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
    'Googlebot/2.1 (+http://www.google.com/bot.html)',
  ),
  ip: fc.constantFrom(undefined, null, '2001:db8::7', BOT_IP, 'not-an-ip'),
  referrer: fc.constantFrom(undefined, 'https://www.google.com/', 'https://news.example/a'),
  query: fc.constantFrom('', '?utm_source=news&utm_medium=email', '?gclid=abc'),
  copies: fc.array(
    fc.record({ lag: fc.integer({ min: 0, max: 240 }), skew: fc.integer({ min: -1, max: 1 }) }),
    { minLength: 1, maxLength: 3 },
  ),
})

export const scenarioArb = fc.record({
  events: fc.array(eventArb, { minLength: 1, maxLength: 40 }),
  /** Sort key of each copy: the stream order (arrival order, unrelated to timestamps). */
  order: fc.array(fc.nat(), { minLength: 120, maxLength: 120 }),
  recordSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
  shards: fc.constantFrom(1, 2),
  batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
  lostCheckpoints: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  faults: fc.array(fc.constantFrom<Fault>('none', 'none', 'before-commit', 'after-commit'), {
    maxLength: 30,
  }),
})

export type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

export function copiesOf(scenario: Scenario): EnrichedMessage[] {
  return scenario.events.flatMap((event, index) =>
    event.copies.map((copy) =>
      message({
        id: `m${index}`,
        key: event.key,
        at: event.at + copy.skew,
        receivedLag: copy.lag,
        type: event.type as 'page',
        name: event.name,
        userId: event.type === 'identify' ? event.user : undefined,
        url: `https://shop.example/${event.name}${event.query}`,
        userAgent: event.userAgent,
        referrer: event.referrer,
        ip: event.ip,
        ...(event.userAgent
          ? {
              userAgentData: {
                brands: [{ brand: 'Chromium', version: '126' }],
                mobile: false,
                platform: 'Linux',
              },
            }
          : {}),
      }),
    ),
  )
}

/** Copies in stream order, packed into records of one key, dealt to shards. */
export function streams(scenario: Scenario, copies: EnrichedMessage[]): KinesisStreamRecord[][] {
  const arrival = copies
    .map((copy, i) => ({ copy, rank: scenario.order[i % scenario.order.length] ?? 0, i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ copy }) => copy)
  const shards: KinesisStreamRecord[][] = Array.from({ length: scenario.shards }, () => [])
  let sequence = 1
  let r = 0
  const pending = new Map<string, EnrichedMessage[]>()
  const flush = (key: string) => {
    const events = pending.get(key) ?? []
    if (events.length === 0) return
    const shard = scenario.shards === 1 ? 0 : (sequence + key.length) % scenario.shards
    shards[shard]?.push(kinesisRecord(key, events, sequence++, `shardId-00000000000${shard}`))
    pending.set(key, [])
  }
  for (const copy of arrival) {
    const key = copy.anonymousId as string
    const events = pending.get(key) ?? []
    events.push(copy)
    pending.set(key, events)
    if (events.length >= (scenario.recordSizes[r++ % scenario.recordSizes.length] ?? 1)) flush(key)
  }
  for (const key of KEYS) flush(key)
  return shards
}
