import { decodeEnvelope, type EnrichedMessage } from '@clickstream/schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbitraryEvent } from './arbitrary-event.js'
import { flattenEvent } from './flatten.js'
import { unflattenRow } from './unflatten.js'

const head = { key: 'device-7', sourceId: 'shop' }

/** A page call whose URL and path came in its properties only (Segment's `page()`). */
const page: EnrichedMessage = {
  type: 'page',
  messageId: 'p-42',
  anonymousId: 'device-7',
  userId: 'user-3',
  name: 'Checkout',
  properties: { url: 'https://shop.example/checkout', path: '/checkout', step: 2 },
  context: {
    page: { title: 'Checkout', referrer: 'https://shop.example/cart', tab: 'b' },
    campaign: { name: 'winter', source: 'ads' },
    library: { name: '@clickstream/sdk-browser', version: '1.2.3' },
    userAgent: 'Mozilla/5.0 (X11)',
    locale: 'fr-FR',
    ip: '192.0.2.1',
    device: { type: 'desktop' },
  },
  timestamp: '2026-04-02T08:30:00.125Z',
  sentAt: '2026-04-02T08:30:01.000Z',
  originalTimestamp: '2026-04-02T10:30:00.125+02:00',
  receivedAt: '2026-04-02T08:30:01.250Z',
}

describe('unflattenRow', () => {
  it('gives back the event: its fields, its context, its times in UTC', () => {
    expect(unflattenRow(flattenEvent(head, page))).toEqual({
      ...page,
      originalTimestamp: '2026-04-02T08:30:00.125Z',
      context: {
        ...page.context,
        // The page call's properties filled the page columns: the context gets them too.
        page: { ...page.context?.page, url: 'https://shop.example/checkout', path: '/checkout' },
      },
    })
  })

  it('gives back the violations column as context.violations', () => {
    const violations = [
      { path: 'event', code: 'unplanned_event', message: 'event: "X" is not in the tracking plan' },
    ]
    const flagged = { ...page, context: { ...page.context, violations } } as EnrichedMessage
    const row = flattenEvent(head, flagged)
    expect(unflattenRow(row).context?.violations).toEqual(violations)
    expect(flattenEvent(head, unflattenRow(row))).toEqual(row)
  })

  it('leaves a context value of the wrong kind where it was (the context column)', () => {
    const odd = {
      ...page,
      context: { page: ['not', 'an', 'object'], ip: 7, campaign: { name: 3 } },
    } as unknown as EnrichedMessage
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
