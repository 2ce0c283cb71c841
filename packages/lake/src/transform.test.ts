import { createEnricher, enrichInputOf, type GeoLookup } from '@clickstream/enrich'
import { type EnrichedMessage, LAKE_COLUMNS, packEnvelopes } from '@clickstream/schema'
import { hostileJson, hostileMessage, PROPERTY_TEST_TIMEOUT_MS } from '@clickstream/test-support'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { enrichmentColumns, flattenEvent } from './flatten.js'
import { type TransformInput, transformRecords } from './transform.js'

const head = { key: 'anon-1', sourceId: 'web', receivedAt: '2026-03-01T10:00:02.000Z' }
const at = (timestamp: string) => ({ timestamp, receivedAt: head.receivedAt })
const page: EnrichedMessage = {
  type: 'page',
  messageId: 'm-1',
  anonymousId: 'anon-1',
  name: 'Home',
  properties: { path: '/' },
  ...at('2026-03-01T09:59:00.000Z'),
}
const track: EnrichedMessage = {
  type: 'track',
  messageId: 'm-2',
  anonymousId: 'anon-1',
  event: 'Added',
  ...at('2026-03-01T10:00:00.000Z'),
}

const base64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64')
/** The collector's own packing: one envelope (Kinesis record) for these events. */
const envelope = (events: readonly EnrichedMessage[]) =>
  packEnvelopes(head, events)[0] as Uint8Array
let next = 0
const record = (data: Uint8Array | string): TransformInput => {
  next++
  return {
    recordId: `r-${next}`,
    data: base64(data),
    approximateArrivalTimestamp: 1_772_359_202_000,
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000001',
      sequenceNumber: `4959${next}`,
      partitionKey: 'anon-1',
    },
  }
}
const lines = (data: string) =>
  Buffer.from(data, 'base64')
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('transformRecords', () => {
  it('turns an envelope into its rows, one JSON line each, under its event date', () => {
    const input = record(envelope([page, track]))
    const result = transformRecords([input])
    expect(result).toMatchObject({ failures: [], rows: 2, mixedDates: 0 })
    const [out] = result.records
    expect(out).toMatchObject({
      recordId: input.recordId,
      result: 'Ok',
      metadata: { partitionKeys: { event_date: '2026-03-01' } },
    })
    const rows = lines(out?.data ?? '')
    expect(rows).toEqual([flattenEvent(head, page), flattenEvent(head, track)])
    expect(Object.keys(rows[0] ?? {})).toEqual(LAKE_COLUMNS.map((c) => c.name))
    // Each line ends in a newline: the rows of consecutive records never run together.
    expect(
      Buffer.from(out?.data ?? '', 'base64')
        .toString()
        .endsWith('}\n'),
    ).toBe(true)
  })

  it.each([
    ['not_utf8', Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d), /UTF-8/],
    ['not_json', '{"v":1,', /not JSON/],
    ['unsupported_version', JSON.stringify({ v: 2, key: 'k', events: [] }), /version 2/],
    ['invalid_envelope', JSON.stringify({ v: 1, key: 'k', events: [page] }), /envelope/],
  ])(
    'fails a record that is no envelope (%s), its data as received, naming where it came from',
    (reason, data, message) => {
      const input = record(data)
      const result = transformRecords([input])
      expect(result.records).toEqual([
        { recordId: input.recordId, result: 'ProcessingFailed', data: input.data },
      ])
      expect(result.failures).toEqual([
        {
          recordId: input.recordId,
          reason,
          message: expect.stringMatching(message),
          shardId: 'shardId-000000000001',
          sequenceNumber: input.kinesisRecordMetadata?.sequenceNumber,
        },
      ])
      expect(result.rows).toBe(0)
    },
  )

  it('keeps the valid events of an envelope and names the invalid one by position and id', () => {
    const bad = JSON.stringify({ v: 1, ...head, events: [page, { ...track, type: 'nope' }, track] })
    const input = record(bad)
    const result = transformRecords([input])
    expect(result.records[0]?.result).toBe('Ok')
    expect(lines(result.records[0]?.data ?? '').map((r) => r.message_id)).toEqual(['m-1', 'm-2'])
    expect(result.failures).toEqual([
      expect.objectContaining({
        recordId: input.recordId,
        reason: 'invalid_event',
        eventIndex: 1,
        messageId: 'm-2',
        sequenceNumber: input.kinesisRecordMetadata?.sequenceNumber,
      }),
    ])
    expect(result.rows).toBe(2)
  })

  it('fails an event too deeply nested to write as a row (the decoder bounds no depth), keeping the others', () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`
    const deepEvent = JSON.stringify({ ...track, messageId: 'm-deep' }).replace(
      /}$/,
      `,"properties":${deep}}`,
    )
    const data = `{"v":1,"key":"anon-1","sourceId":"web","receivedAt":"${head.receivedAt}","events":[${deepEvent},${JSON.stringify(page)}]}`
    const input = record(data)
    const result = transformRecords([input])
    expect(result.records[0]?.result).toBe('Ok')
    expect(lines(result.records[0]?.data ?? '').map((r) => r.message_id)).toEqual(['m-1'])
    expect(result.failures).toEqual([
      expect.objectContaining({
        reason: 'invalid_event',
        eventIndex: 0,
        messageId: 'm-deep',
        message: expect.stringMatching(/cannot be written as a row/),
      }),
    ])
  })

  it('drops a record whose every event is invalid, with a failure for each event', () => {
    const input = record(JSON.stringify({ v: 1, ...head, events: [{ type: 'x' }, { a: 1 }] }))
    const result = transformRecords([input])
    expect(result.records).toEqual([
      { recordId: input.recordId, result: 'Dropped', data: input.data },
    ])
    expect(result.failures.map((f) => [f.reason, f.eventIndex])).toEqual([
      ['invalid_event', 0],
      ['invalid_event', 1],
    ])
  })

  it('answers every record in the order given, failures in record order', () => {
    const inputs = [
      record(envelope([page])),
      record('nope'),
      record(envelope([track])),
      record(JSON.stringify({ v: 7 })),
    ]
    const result = transformRecords(inputs)
    expect(result.records.map((r) => [r.recordId, r.result])).toEqual([
      [inputs[0]?.recordId, 'Ok'],
      [inputs[1]?.recordId, 'ProcessingFailed'],
      [inputs[2]?.recordId, 'Ok'],
      [inputs[3]?.recordId, 'ProcessingFailed'],
    ])
    expect(result.failures.map((f) => [f.recordId, f.reason])).toEqual([
      [inputs[1]?.recordId, 'not_json'],
      [inputs[3]?.recordId, 'unsupported_version'],
    ])
  })

  it('files an envelope spanning two dates (not the collector’s) under its first event, and counts it', () => {
    const late = { ...track, ...at('2026-02-27T23:59:59.999Z') }
    const result = transformRecords([record(envelope([page, late])), record(envelope([late]))])
    expect(result.mixedDates).toBe(1)
    expect(result.records.map((r) => r.metadata?.partitionKeys.event_date)).toEqual([
      '2026-03-01',
      '2026-02-27',
    ])
  })

  it('files an event dated before 1970 under the first partition', () => {
    const result = transformRecords([
      record(envelope([{ ...page, ...at('1969-12-31T00:00:00Z') }])),
    ])
    expect(result.records[0]?.metadata?.partitionKeys.event_date).toBe('1970-01-01')
  })

  it('leaves out shard and sequence number that the record does not carry', () => {
    const result = transformRecords([{ recordId: 'r', data: base64('x') }])
    expect(result.failures).toEqual([
      { recordId: 'r', reason: 'not_json', message: expect.any(String) },
    ])
  })
})

/** Record data a hostile or broken producer could put on the stream. */
const hostileData = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  hostileJson(),
  fc
    .array(hostileMessage(), { minLength: 1, maxLength: 4 })
    .chain((events) =>
      fc
        .constantFrom('2026-03-01T10:00:00.000Z', '1960-01-01T00:00:00Z', 'yesterday')
        .map(
          (time) =>
            `{"v":1,"key":"a-1","sourceId":"web","receivedAt":"${head.receivedAt}","events":[${events
              .map((e) => `{"timestamp":"${time}","receivedAt":"${head.receivedAt}",${e.slice(1)}`)
              .join(',')}]}`,
        ),
    ),
)

/** A geo database of two addresses: enough to see the lookup happen, and the IP anonymised after it. */
const geo: GeoLookup = {
  lookup: (ip) =>
    ip === '203.0.113.7'
      ? { country: 'NZ', region: 'Auckland', city: 'Auckland' }
      : ip === '2001:db8::1'
        ? { country: 'DE' }
        : undefined,
}
const withContext = (messageId: string, context: Record<string, unknown>): EnrichedMessage =>
  ({ ...track, messageId, context }) as EnrichedMessage

describe('transformRecords with an enricher', () => {
  it('fills the enrichment columns from each event, and stores the enricher’s IP', () => {
    const enricher = createEnricher({ geo, anonymizeIp: true })
    const events = [
      withContext('m-nz', {
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
        page: { url: 'https://shop.example/?utm_source=news&utm_medium=email' },
      }),
      withContext('m-de', { ip: '2001:db8::1' }),
      withContext('m-none', {}),
    ]
    const result = transformRecords([record(envelope(events))], { enricher })
    const rows = lines(result.records[0]?.data ?? '')
    expect(rows).toHaveLength(3)
    for (const [i, row] of rows.entries()) {
      const expected = enricher.enrich(enrichInputOf(events[i] as EnrichedMessage))
      expect(row).toMatchObject(enrichmentColumns(expected.enrichment))
      expect(row.ip).toBe(expected.ip ?? null)
    }
    expect(rows[0]).toMatchObject({ country: 'NZ', region: 'Auckland', city: 'Auckland' })
    expect(rows[0]?.ip).toBe('203.0.113.0') // anonymised after the lookup
    expect(rows[1]).toMatchObject({ country: 'DE', region: null, city: null })
    expect(rows[2]).toMatchObject({ country: null, ip: null })
    for (const row of rows) {
      expect(typeof row.is_bot).toBe('boolean')
      expect(typeof row.device_type).toBe('string')
      expect(typeof row.channel).toBe('string')
    }
  })

  it('flags a bot’s event by a configured IP range, and leaves it in the lake', () => {
    const enricher = createEnricher({ botIpRanges: { has: (ip) => ip === '198.51.100.9' } })
    const events = [withContext('m-bot', { ip: '198.51.100.9' }), withContext('m-user', {})]
    const rows = lines(
      transformRecords([record(envelope(events))], { enricher }).records[0]?.data ?? '',
    )
    expect(rows.map((r) => [r.message_id, r.is_bot, r.device_type])).toEqual([
      ['m-bot', true, 'bot'],
      ['m-user', false, expect.not.stringMatching(/^bot$/)],
    ])
  })

  it('leaves the enrichment columns null without an enricher, the IP as received', () => {
    const rows = lines(
      transformRecords([record(envelope([withContext('m-ip', { ip: '203.0.113.7' })]))]).records[0]
        ?.data ?? '',
    )
    expect(rows[0]).toMatchObject({ ...enrichmentColumns(undefined), ip: '203.0.113.7' })
  })

  it.each([
    ['no user agent or IP', {}],
    ['an empty user agent', { userAgent: '' }],
    ['a 10 KB user agent', { userAgent: `Mozilla/5.0 ${'x'.repeat(10_240)}` }],
    ['a binary user agent', { userAgent: '\u0000\uFFFD\uD800\u0007\u001b[31m' }],
    ['a hostile user agent', { userAgent: '__proto__ <script>alert(1)</script> (((((((((((' }],
    ['a malformed IP', { ip: '999.1.1.1' }],
    ['an IPv6 IP with junk', { ip: '::ffff:zz' }],
    ['a ::ffff: mapped IP', { ip: '::ffff:203.0.113.7' }],
    ['a private IP', { ip: '10.0.0.1' }],
  ])('writes an event with %s as a row, never failing', (_case, context) => {
    const enricher = createEnricher({ geo, anonymizeIp: true })
    const result = transformRecords([record(envelope([withContext('m-bad', context)]))], {
      enricher,
    })
    expect(result).toMatchObject({ failures: [], rows: 1 })
    const [row] = lines(result.records[0]?.data ?? '')
    expect(typeof row?.device_type).toBe('string')
    expect(typeof row?.is_bot).toBe('boolean')
  })
})

const hostileEnricher = createEnricher({ geo, anonymizeIp: true })

describe('transformRecords on hostile input', () => {
  it(
    'never throws and answers every record once, in order, with a failure for whatever it leaves out',
    () => {
      fc.assert(
        fc.property(fc.array(hostileData, { maxLength: 6 }), (datas) => {
          const inputs = datas.map((data, i) => ({ recordId: `r${i}`, data: base64(data) }))
          const result = transformRecords(inputs, { enricher: hostileEnricher })
          expect(result.records.map((r) => r.recordId)).toEqual(inputs.map((r) => r.recordId))
          let rows = 0
          for (const [i, out] of result.records.entries()) {
            const failures = result.failures.filter((f) => f.recordId === out.recordId)
            if (out.result === 'ProcessingFailed') {
              expect(failures).toEqual([
                expect.not.objectContaining({ eventIndex: expect.anything() }),
              ])
              expect(out.data).toBe(inputs[i]?.data)
            } else if (out.result === 'Dropped') {
              expect(failures.length).toBeGreaterThan(0)
              expect(failures.every((f) => f.reason === 'invalid_event')).toBe(true)
            } else {
              expect(out.metadata?.partitionKeys.event_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
              const written = lines(out.data)
              rows += written.length
              for (const row of written) expect(Object.keys(row)).toHaveLength(LAKE_COLUMNS.length)
            }
          }
          expect(result.rows).toBe(rows)
        }),
        { numRuns: 300 },
      )
    },
    PROPERTY_TEST_TIMEOUT_MS,
  )
})
