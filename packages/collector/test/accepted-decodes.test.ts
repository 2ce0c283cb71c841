import { safeDecodeEnvelope } from '@clickstream/schema'
import { formatTimestamp, parseTimestamp } from '@clickstream/schema/lite'
import { PROPERTY_TEST_TIMEOUT_MS } from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testCollector } from './helpers.js'

/** The instants with a four-digit year: what the schema's timestamps can say. */
const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z')
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z')
const NOW_MS = Date.parse('2026-02-01T10:00:00.000Z')

/** Instants, biased to the edges: the ends of the range, leap days, the epoch, around now. */
const instant = fc.oneof(
  fc.integer({ min: MIN_MS, max: MAX_MS }),
  fc.integer({ min: NOW_MS - 90 * 86_400_000, max: NOW_MS + 86_400_000 }),
  fc.constantFrom(
    MIN_MS,
    MIN_MS + 1,
    Date.parse('0000-02-29T12:00:00.000Z'),
    Date.parse('0001-01-01T00:00:00.000Z'),
    0,
    Date.parse('2000-02-29T23:59:59.999Z'),
    Date.parse('2024-02-29T00:00:00.000Z'),
    Date.parse('9996-02-29T00:00:00.000Z'),
    MAX_MS - 1,
    MAX_MS,
  ),
)

/**
 * ISO-8601 strings as clients write them: a wall-clock time with an offset (so `0000-01-01T00:00+01:00`
 * is an instant before year 0000), no offset, `Z`; fraction of 0–9 digits or none; `T` or a space.
 */
const timestamp = fc
  .record({
    wall: instant,
    offset: fc.oneof(
      fc.constantFrom('Z', '', 'z'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
        )
        .chain(([sign, h, m]) => {
          const hh = String(h).padStart(2, '0')
          const mm = String(m).padStart(2, '0')
          return fc.constantFrom(`${sign}${hh}:${mm}`, `${sign}${hh}${mm}`, `${sign}${hh}`)
        }),
    ),
    fraction: fc.oneof(fc.constant(undefined), fc.stringMatching(/^\d{1,9}$/)),
    separator: fc.constantFrom('T', ' '),
  })
  .map(({ wall, offset, fraction, separator }) => {
    const iso = formatTimestamp(wall)
    const time = fraction === undefined ? iso.slice(11, 19) : `${iso.slice(11, 19)}.${fraction}`
    return `${iso.slice(0, 10)}${separator}${time}${offset}`
  })

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** A client's time: now and then not a timestamp at all (that message is rejected, the rest kept). */
const clientTime = fc.oneof(
  { arbitrary: timestamp, weight: 30 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
)

const specific = {
  track: fc.record({ event: fc.string({ minLength: 1, maxLength: 20 }) }),
  page: fc.record({ name: maybe(fc.string({ maxLength: 20 })) }, { requiredKeys: [] }),
  screen: fc.record({ name: maybe(fc.string({ maxLength: 20 })) }, { requiredKeys: [] }),
  identify: fc.record({ traits: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }),
  group: fc.record({ groupId: fc.string({ minLength: 1, maxLength: 20 }) }),
  alias: fc.record({ previousId: fc.string({ minLength: 1, maxLength: 20 }) }),
}

/** A Segment message; most are valid, a few are not (the collector must not care). */
const message = fc
  .constantFrom(...(Object.keys(specific) as (keyof typeof specific)[]))
  .chain((type) =>
    fc
      .record(
        {
          fields: specific[type],
          id: fc.constantFrom('a', 'b', 'c'),
          idField:
            type === 'alias' ? fc.constant('userId') : fc.constantFrom('userId', 'anonymousId'),
          timestamp: maybe(clientTime),
          originalTimestamp: maybe(clientTime),
          sentAt: maybe(clientTime),
          properties: maybe(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))),
          context: maybe(fc.record({ locale: fc.string(), page: fc.record({ url: fc.webUrl() }) })),
          extra: fc.dictionary(
            fc.string().filter((k) => !FIELDS.has(k)),
            fc.jsonValue({ maxDepth: 2 }),
          ),
          withMessageId: fc.boolean(),
        },
        { requiredKeys: ['fields', 'id', 'idField', 'extra', 'withMessageId'] },
      )
      .map(({ fields, id, idField, extra, withMessageId, ...rest }) => ({
        ...extra,
        ...rest,
        ...fields,
        type,
        [idField]: id,
      })),
  )

/** The keys the collector sets or merges: every other key of an event must arrive unchanged. */
const ENRICHED = ['messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'context']

/** Keys with a meaning: the arbitrary extra keys of a message are none of these. */
const FIELDS = new Set([
  ...ENRICHED,
  ...['type', 'userId', 'anonymousId', 'integrations', 'properties', 'traits', 'event', 'name'],
  ...['category', 'groupId', 'previousId', 'writeKey', '__proto__'],
])

/** What JSON makes of a value (`-0` is written `0`, `undefined` fields left out): what is sent. */
const asJson = (value: object): Record<string, unknown> => JSON.parse(JSON.stringify(value))

describe('whatever the collector accepts, the sessionizer decodes (property)', () => {
  it(
    'every record decodes with every accepted event intact, for any clocks',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(message, { minLength: 1, maxLength: 8 }),
          maybe(timestamp),
          fc.oneof(instant, fc.integer({ min: NOW_MS - 86_400_000, max: NOW_MS + 86_400_000 })),
          async (batch, sentAt, receivedAt) => {
            const messages = batch.map((m, i) => asJson({ ...m, messageId: `m-${i}` }))
            const t = testCollector({ now: () => receivedAt })
            const res = await t.post('/v1/batch', {
              batch: messages,
              ...(sentAt ? { sentAt } : {}),
            })
            expect(res.status).toBe(200)
            const { accepted } = (await res.json()) as { accepted: number }

            const events = t.sink.records.flatMap((record) => {
              const decoded = safeDecodeEnvelope(record.data)
              expect(decoded.ok ? [] : decoded.error.issues).toEqual([])
              return decoded.ok ? decoded.value.events : []
            })
            expect(events).toHaveLength(accepted)
            for (const event of events) {
              const sent = messages[Number(event.messageId.slice(2))] as Record<string, unknown>
              const got = event as Record<string, unknown>
              for (const [key, value] of Object.entries(sent)) {
                if (!ENRICHED.includes(key)) expect(got[key]).toEqual(value)
              }
              expect(got.originalTimestamp).toBe(sent.timestamp ?? sent.originalTimestamp)
              expect(got.sentAt).toBe(sent.sentAt ?? sentAt)
              expect(got.receivedAt).toBe(new Date(receivedAt).toISOString())
              // The rule: a trusted time lies in the schema's range and never after receivedAt.
              const time = parseTimestamp(event.timestamp) as number
              expect(time).toBeGreaterThanOrEqual(MIN_MS)
              expect(time).toBeLessThanOrEqual(receivedAt)
            }
          },
        ),
        { numRuns: 400 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  ) // 400 requests through the app: seconds on a loaded 2-core machine
})
