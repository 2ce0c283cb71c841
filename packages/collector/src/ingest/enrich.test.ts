import type { Message } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { correctedTimestamp, enrichMessage } from './enrich.js'

const receivedAt = Date.parse('2026-02-01T10:00:00.000Z')

describe('correctedTimestamp', () => {
  it('is receivedAt − (sentAt − originalTimestamp)', () => {
    expect(correctedTimestamp(receivedAt, '2020-01-01T00:00:00Z', '2020-01-01T00:00:02.5Z')).toBe(
      '2026-02-01T09:59:57.500Z',
    )
  })
  it('keeps the client time without sentAt, normalised to UTC', () => {
    expect(correctedTimestamp(receivedAt, '2026-01-31T12:00:00+02:00', undefined)).toBe(
      '2026-01-31T10:00:00.000Z',
    )
  })
  it('has nothing to say without a client time', () => {
    expect(correctedTimestamp(receivedAt, undefined, '2020-01-01T00:00:02Z')).toBeUndefined()
  })

  it('keeps a backfill’s old time and an offline queue’s days of delay', () => {
    expect(correctedTimestamp(receivedAt, '1999-12-31T23:59:59Z', undefined)).toBe(
      '1999-12-31T23:59:59.000Z',
    )
    expect(correctedTimestamp(receivedAt, '0000-01-01T00:00:00Z', undefined)).toBe(
      '0000-01-01T00:00:00.000Z',
    )
    expect(correctedTimestamp(receivedAt, '2026-01-25T10:00:00Z', '2026-02-01T10:00:00Z')).toBe(
      '2026-01-25T10:00:00.000Z',
    )
  })

  it.each([
    [
      'made 8,000 years after it was sent (issue 14)',
      '9999-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
    ],
    [
      'made a second after it was sent (a clock set back)',
      '2026-02-01T10:00:01Z',
      '2026-02-01T10:00:00Z',
    ],
    ['in the future without sentAt', '2026-02-01T10:00:00.001Z', undefined],
    ['in year 9999 without sentAt', '9999-12-31T23:59:59.999Z', undefined],
    ['queued 9,000 years: before year 0000', '0500-01-01T00:00:00Z', '9500-01-01T00:00:00Z'],
    ['before year 0000 by its offset', '0000-01-01T00:00:00+01:00', undefined],
  ])('is receivedAt when the corrected time cannot be true: %s', (_case, original, sentAt) => {
    expect(correctedTimestamp(receivedAt, original, sentAt)).toBe('2026-02-01T10:00:00.000Z')
  })

  it('may be receivedAt itself, to the millisecond', () => {
    expect(correctedTimestamp(receivedAt, '2026-02-01T10:00:00Z', undefined)).toBe(
      '2026-02-01T10:00:00.000Z',
    )
  })
})

describe('enrichMessage', () => {
  const facts = {
    receivedAt,
    sentAt: '2026-02-01T09:59:59.000Z',
    ip: '203.0.113.9',
    anonymiseIp: false,
    newMessageId: () => 'generated-id',
  }

  it('merges batch context and integrations under the message’s own, drops writeKey, keeps key order, mutates nothing', () => {
    const raw = JSON.parse(
      '{"type":"track","writeKey":"secret","event":"E","userId":"u","context":{"locale":"fr","ip":"198.51.100.7"},"integrations":{"A":false},"extra":1,"timestamp":"2026-02-01T09:59:58.000Z"}',
    ) as Message
    const before = structuredClone(raw)
    const out = enrichMessage(raw, {
      ...facts,
      context: { locale: 'en', timezone: 'UTC' },
      integrations: { A: true, B: true },
    })
    expect(raw).toEqual(before)
    expect(out).toEqual({
      type: 'track',
      event: 'E',
      userId: 'u',
      context: { locale: 'fr', timezone: 'UTC', ip: '198.51.100.7' },
      integrations: { A: false, B: true },
      extra: 1,
      timestamp: '2026-02-01T09:59:59.000Z',
      originalTimestamp: '2026-02-01T09:59:58.000Z',
      messageId: 'generated-id',
      sentAt: '2026-02-01T09:59:59.000Z',
      receivedAt: '2026-02-01T10:00:00.000Z',
    })
    expect(Object.keys(out)).toEqual([
      'type',
      'event',
      'userId',
      'context',
      'integrations',
      'extra',
      'timestamp',
      'messageId',
      'originalTimestamp',
      'sentAt',
      'receivedAt',
    ])
  })

  it('keeps a "__proto__" key of batch context as data, never as the prototype', () => {
    const context = JSON.parse('{"__proto__":{"polluted":true},"locale":"en"}') as Record<
      string,
      unknown
    >
    const out = enrichMessage({ type: 'track', event: 'E', userId: 'u' } as Message, {
      ...facts,
      context,
    })
    const merged = out.context as Record<string, unknown>
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(Object.hasOwn(merged, '__proto__')).toBe(true)
    expect(merged.polluted).toBeUndefined()
    expect(JSON.parse(JSON.stringify(out)).context).toEqual(
      JSON.parse('{"__proto__":{"polluted":true},"locale":"en","ip":"203.0.113.9"}'),
    )
  })
})
