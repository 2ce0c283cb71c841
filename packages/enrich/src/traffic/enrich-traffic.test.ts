import { type EnrichedMessage, enrichedMessageSchema } from '@clickstream/schema'
import { expect, it } from 'vitest'
import { createEnricher } from '../enricher.js'
import { enrichInputOf } from '../message-input.js'

const enricher = createEnricher()

const pageEvent = (context: Record<string, unknown>, properties: Record<string, unknown> = {}) =>
  enrichedMessageSchema.parse({
    type: 'page',
    messageId: 'm-1',
    anonymousId: 'a-1',
    timestamp: '2026-06-01T12:00:00.000Z',
    receivedAt: '2026-06-01T12:00:00.100Z',
    sentAt: '2026-06-01T12:00:00.000Z',
    properties,
    context,
  })

it('a Segment page event from a Google result: organic search, from context.page', () => {
  const event = pageEvent({
    page: { url: 'https://shop.example.com/shoes', referrer: 'https://www.google.de/' },
  })
  expect(enricher.enrich(enrichInputOf(event)).enrichment).toMatchObject({
    channel: 'organic_search',
    trafficSource: 'google',
    trafficMedium: 'organic',
  })
})

it('context.campaign (as analytics.js sends it) decides before the referrer', () => {
  const event = pageEvent({
    page: {
      url: 'https://shop.example.com/?utm_source=Newsletter&utm_medium=Email',
      referrer: 'https://mail.google.com/',
    },
    campaign: { name: 'june', source: 'Newsletter', medium: 'Email' },
  })
  expect(enricher.enrich(enrichInputOf(event)).enrichment).toMatchObject({
    channel: 'email',
    trafficSource: 'newsletter',
    trafficMedium: 'email',
  })
})

it('a page call without context.page is read from its properties', () => {
  const event = pageEvent(
    {},
    { url: 'https://shop.example.com/?gclid=abc', referrer: 'https://www.google.com/' },
  )
  expect(enricher.enrich(enrichInputOf(event)).enrichment).toMatchObject({
    channel: 'paid_search',
    trafficSource: 'google',
    trafficMedium: 'cpc',
  })
})

it('junk in the page fields (which validation would have refused) is direct', () => {
  const event = {
    ...pageEvent({}),
    context: { page: { url: 42, referrer: { x: 1 } }, campaign: 'spring' },
  } as unknown as EnrichedMessage
  expect(enricher.enrich(enrichInputOf(event)).enrichment).toMatchObject({
    channel: 'direct',
    trafficSource: '(direct)',
    trafficMedium: '(none)',
  })
})
