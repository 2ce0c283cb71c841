import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbitraryEvent } from './arbitrary-event.js'
import { flattenEvent } from './flatten.js'
import { unflattenRow } from './unflatten.js'

const head = { key: 'anon-1', sourceId: 'web' }

const page: EnrichedMessage = {
  type: 'page',
  messageId: 'm-1',
  anonymousId: 'anon-1',
  name: 'Home',
  properties: { url: 'https://shop.example/?q=1', path: '/', extra: 1 },
  context: {
    ip: '203.0.113.0',
    userAgent: 'Mozilla/5.0',
    page: { title: 'Shop', referrer: 'https://search.example/', tab: 2 },
    campaign: { source: 'newsletter', medium: 'email', name: 'spring' },
    library: { name: 'clickstream.js', version: '0.1.0' },
    screen: { width: 1440 },
  },
  timestamp: '2026-03-01T10:00:00.000Z',
  originalTimestamp: '2026-03-01T11:00:00.000+01:00',
  receivedAt: '2026-03-01T10:00:02.500Z',
}

describe('unflattenRow', () => {
  it('gives back the event: its fields, its context, its times in UTC', () => {
    expect(unflattenRow(flattenEvent(head, page))).toEqual({
      ...page,
      originalTimestamp: '2026-03-01T10:00:00.000Z',
      context: {
        ...page.context,
        // The page call's properties filled the page columns: the context gets them too.
        page: { ...page.context?.page, url: 'https://shop.example/?q=1', path: '/' },
      },
    })
  })

  it('leaves a context value of the wrong kind where it was (the context column)', () => {
    const odd = {
      ...page,
      context: { page: ['not', 'an', 'object'], ip: 7, campaign: { name: 3 } },
    } as EnrichedMessage
    const row = flattenEvent(head, odd)
    expect(unflattenRow(row).context).toEqual(odd.context)
    expect(flattenEvent(head, unflattenRow(row))).toEqual(row)
  })

  it('is the inverse of flattenEvent: flatten(unflatten(row)) is the row', () => {
    let checked = 0
    fc.assert(
      fc.property(arbitraryEvent, (raw) => {
        let decoded: EnrichedMessage
        try {
          decoded = decodeEnvelope(
            JSON.stringify({ v: 1, ...head, receivedAt: raw.receivedAt, events: [raw] }),
          ).events[0] as EnrichedMessage
        } catch {
          return
        }
        checked++
        const row = flattenEvent(head, decoded)
        expect(flattenEvent(head, unflattenRow(row))).toEqual(row)
      }),
      { numRuns: 300 },
    )
    // The generator is not all undecodable: the property is exercised.
    expect(checked).toBeGreaterThan(40)
  })
})
