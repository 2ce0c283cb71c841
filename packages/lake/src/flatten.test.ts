import {
  decodeEnvelope,
  type EnrichedMessage,
  LAKE_COLUMNS,
  type LakeRow,
} from '@clickstream/schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbitraryEvent } from './arbitrary-event.js'
import { flattenEnvelope, flattenEvent } from './flatten.js'

const head = { key: 'anon-1', sourceId: 'web' }
const times = {
  timestamp: '2026-03-01T10:00:00.000Z',
  originalTimestamp: '2026-03-01T11:00:00.000+01:00',
  sentAt: '2026-03-01T10:00:01.000Z',
  receivedAt: '2026-03-01T10:00:02.500Z',
}

const page: EnrichedMessage = {
  type: 'page',
  messageId: 'm-1',
  anonymousId: 'anon-1',
  name: 'Home',
  properties: { url: 'https://shop.example/?q=1', path: '/', extra: 1 },
  context: {
    ip: '203.0.113.0',
    userAgent: 'Mozilla/5.0',
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
    page: { path: '/', title: 'Shop', referrer: 'https://search.example/', search: '?q=1', tab: 2 },
    campaign: { source: 'newsletter', medium: 'email', name: 'spring' },
    library: { name: 'clickstream.js', version: '0.1.0' },
    screen: { width: 1440 },
  },
  ...times,
}

describe('flattenEvent', () => {
  it('gives every column, and only those, in the order of LAKE_COLUMNS', () => {
    const row = flattenEvent(head, page)
    expect(Object.keys(row)).toEqual(LAKE_COLUMNS.map((c) => c.name))
  })

  it('reads a page: context first, the page call’s properties where the context has nothing', () => {
    expect(flattenEvent(head, page)).toMatchObject({
      message_id: 'm-1',
      type: 'page',
      event: null,
      name: 'Home',
      anonymous_id: 'anon-1',
      user_id: null,
      timestamp: Date.parse(times.timestamp),
      original_timestamp: Date.parse('2026-03-01T10:00:00.000Z'),
      sent_at: Date.parse(times.sentAt),
      received_at: Date.parse(times.receivedAt),
      source_id: 'web',
      partition_key: 'anon-1',
      page_url: 'https://shop.example/?q=1',
      page_path: '/',
      page_title: 'Shop',
      page_referrer: 'https://search.example/',
      page_search: '?q=1',
      campaign_name: 'spring',
      campaign_source: 'newsletter',
      campaign_medium: 'email',
      campaign_term: null,
      campaign_content: null,
      library_name: 'clickstream.js',
      library_version: '0.1.0',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      user_agent: 'Mozilla/5.0',
      ip: '203.0.113.0',
      traits: null,
      integrations: null,
    })
  })

  it('keeps in the JSON columns what no column holds, so nothing of the event is lost', () => {
    const row = flattenEvent(head, page)
    expect(JSON.parse(row.properties as string)).toEqual(page.properties)
    expect(JSON.parse(row.context as string)).toEqual({ page: { tab: 2 }, screen: { width: 1440 } })
  })

  it('keeps a context value of the wrong kind in the context column instead of coercing it', () => {
    const odd = {
      ...page,
      context: { page: { title: 42 }, ip: '198.51.100.7' },
    } as unknown as EnrichedMessage
    const row = flattenEvent(head, odd)
    expect(row.page_title).toBeNull()
    expect(JSON.parse(row.context as string)).toEqual({ page: { title: 42 } })
  })

  it('puts the violations the collector recorded (context.violations) in their own column', () => {
    const violations = [
      {
        path: 'properties.total',
        code: 'invalid_type',
        message: 'properties.total: expected number, got string',
      },
    ]
    const flagged = { ...page, context: { ...page.context, violations } } as EnrichedMessage
    const row = flattenEvent(head, flagged)
    expect(JSON.parse(row.violations as string)).toEqual(violations)
    expect(JSON.parse(row.context as string)).toEqual({ page: { tab: 2 }, screen: { width: 1440 } })
    expect(flattenEvent(head, page).violations).toBeNull()
    // Not the collector's shape (an SDK's own key): kept in the context column, as sent.
    const odd = { ...page, context: { violations: 'none' } } as unknown as EnrichedMessage
    expect([flattenEvent(head, odd).violations, flattenEvent(head, odd).context]).toEqual([
      null,
      '{"violations":"none"}',
    ])
  })

  it('reads the other types: track event, identify traits, group and alias ids', () => {
    const common = { messageId: 'm', userId: 'u-1', ...times }
    const rows = [
      { type: 'track', event: 'Order Completed', properties: { total: 9.5 }, ...common },
      { type: 'identify', traits: { email: 'a@example.com' }, ...common },
      { type: 'group', groupId: 'g-1', traits: { plan: 'pro' }, ...common },
      { type: 'alias', previousId: 'anon-1', ...common },
      { type: 'screen', name: 'Cart', ...common },
    ].map((event) => flattenEvent(head, event as EnrichedMessage))
    expect(rows.map((r) => [r.type, r.event, r.name, r.group_id, r.previous_id])).toEqual([
      ['track', 'Order Completed', null, null, null],
      ['identify', null, null, null, null],
      ['group', null, null, 'g-1', null],
      ['alias', null, null, null, 'anon-1'],
      ['screen', null, 'Cart', null, null],
    ])
    expect(rows.map((r) => [r.properties, r.traits, r.context])).toEqual([
      ['{"total":9.5}', null, null],
      [null, '{"email":"a@example.com"}', null],
      [null, '{"plan":"pro"}', null],
      [null, null, null],
      [null, null, null],
    ])
  })
})

describe('flattenEnvelope', () => {
  it('gives every decodable event a row whose values have their column’s type', () => {
    let decoded = 0
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { minLength: 1, maxLength: 5 }), (events) => {
        const raw = { v: 1, key: 'u', sourceId: 'src', receivedAt: times.receivedAt, events }
        let envelope: ReturnType<typeof decodeEnvelope>
        try {
          envelope = decodeEnvelope(JSON.stringify(raw))
        } catch {
          return // not an envelope the sessionizer would read either
        }
        decoded++
        const rows = flattenEnvelope(envelope)
        expect(rows).toHaveLength(envelope.events.length)
        for (const row of rows) expectTyped(row)
      }),
      { numRuns: 300 },
    )
    // The generator is not all undecodable: the property is exercised.
    expect(decoded).toBeGreaterThan(150)
  })
})

function expectTyped(row: LakeRow): void {
  for (const column of LAKE_COLUMNS) {
    const value = row[column.name]
    if (value === null) {
      expect(column.required, `${column.name} is required`).toBe(false)
      continue
    }
    if (column.type === 'timestamp') expect(Number.isInteger(value), column.name).toBe(true)
    else expect(typeof value, column.name).toBe('string')
    if (column.type === 'json') expect(() => JSON.parse(value as string)).not.toThrow()
  }
}
