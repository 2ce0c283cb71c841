import { describe, expect, it } from 'vitest'
import {
  decodeEnvelope,
  decodeEnvelopeEvents,
  type Envelope,
  encodeEnvelope,
  packEnvelopes,
  safeDecodeEnvelope,
} from './envelope.js'
import { EnvelopeDecodeError, EnvelopeTooLargeError } from './errors.js'
import { MAX_RECORD_BYTES } from './limits.js'
import type { EnrichedMessage } from './messages.js'

const at = '2026-01-31T12:00:00.000Z'
const event = (i: number, extra: Record<string, unknown> = {}): EnrichedMessage => ({
  type: 'track',
  event: 'Product Viewed',
  anonymousId: 'anon-1',
  messageId: `m-${i}`,
  timestamp: at,
  receivedAt: at,
  properties: { i },
  ...extra,
})
const head = { key: 'anon-1', sourceId: 'src-1', receivedAt: at }

describe('encodeEnvelope / decodeEnvelope', () => {
  it('round-trips, keeping unknown keys of events', () => {
    const envelope: Envelope = {
      v: 1,
      ...head,
      events: [event(1, { _metadata: { x: 1 } }), event(2)],
    }
    const decoded = decodeEnvelope(encodeEnvelope(envelope))
    expect(decoded).toEqual(envelope)
  })

  it('decodes from a string as well as bytes', () => {
    const envelope: Envelope = { v: 1, ...head, events: [event(1)] }
    expect(decodeEnvelope(JSON.stringify(envelope))).toEqual(envelope)
  })

  it('refuses to encode more than 1 MiB including the key', () => {
    const big = Array.from({ length: 40 }, (_, i) =>
      event(i, { properties: { pad: 'x'.repeat(30_000) } }),
    )
    expect(() => encodeEnvelope({ v: 1, ...head, events: big })).toThrow(EnvelopeTooLargeError)
  })

  it.each([
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not_utf8'],
    ['not JSON', '{"v":1,', 'not_json'],
    ['empty', '', 'not_json'],
    ['a JSON number', '42', 'invalid_envelope'],
    ['null', 'null', 'invalid_envelope'],
    ['an unknown version', '{"v":2,"key":"k"}', 'unsupported_version'],
    ['a version-less object', '{"key":"k"}', 'unsupported_version'],
    ['no events', JSON.stringify({ v: 1, ...head, events: [] }), 'invalid_envelope'],
    [
      'an event without messageId',
      JSON.stringify({ v: 1, ...head, events: [{ ...event(1), messageId: undefined }] }),
      'invalid_envelope',
    ],
    [
      'an event with a bad timestamp',
      JSON.stringify({ v: 1, ...head, events: [event(1, { timestamp: 'nope' })] }),
      'invalid_envelope',
    ],
  ])('fails with a typed error, never a SyntaxError, on %s', (_name, data, reason) => {
    const result = safeDecodeEnvelope(data)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBeInstanceOf(EnvelopeDecodeError)
    expect(result.error.reason).toBe(reason)
    expect(() => decodeEnvelope(data)).toThrow(EnvelopeDecodeError)
  })

  it('names the invalid field of an invalid envelope', () => {
    const result = safeDecodeEnvelope(
      JSON.stringify({ v: 1, ...head, events: [event(1, { timestamp: 'nope' })] }),
    )
    expect(result.ok || result.error.issues.map((i) => i.path)).toEqual(['events[0].timestamp'])
  })
})

describe('decodeEnvelopeEvents', () => {
  it('gives the valid events in order and each invalid one on its own, with its messageId', () => {
    const bad = event(2, { timestamp: '+012025-01-31T09:59:59.999Z' })
    const result = decodeEnvelopeEvents(
      JSON.stringify({ v: 1, ...head, events: [event(1), bad, 42, event(3), { messageId: 7 }] }),
    )
    expect(result).toEqual({
      ok: true,
      head: { v: 1, ...head },
      events: [event(1), event(3)],
      invalid: [
        {
          index: 1,
          messageId: 'm-2',
          event: bad,
          issues: [
            {
              path: 'timestamp',
              code: 'invalid_value',
              message: expect.stringMatching(/^timestamp: expected an ISO-8601 timestamp/),
            },
          ],
        },
        { index: 2, event: 42, issues: [expect.objectContaining({ path: '' })] },
        { index: 4, event: { messageId: 7 }, issues: expect.any(Array) },
      ],
    })
  })

  it('is ok with no valid event left when every event is bad', () => {
    const result = decodeEnvelopeEvents(JSON.stringify({ v: 1, ...head, events: [1, 2] }))
    expect(result.ok && [result.events, result.invalid.map((i) => i.index)]).toEqual([[], [0, 1]])
  })

  it.each([
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not_utf8'],
    ['not JSON', '{"v":1,', 'not_json'],
    ['an unknown version', '{"v":2,"key":"k"}', 'unsupported_version'],
    [
      'no key',
      JSON.stringify({ v: 1, ...head, key: undefined, events: [event(1)] }),
      'invalid_envelope',
    ],
    [
      'a bad receivedAt',
      JSON.stringify({ v: 1, ...head, receivedAt: 'now', events: [event(1)] }),
      'invalid_envelope',
    ],
    ['no events', JSON.stringify({ v: 1, ...head, events: [] }), 'invalid_envelope'],
    ['events not an array', JSON.stringify({ v: 1, ...head, events: {} }), 'invalid_envelope'],
  ])('fails the whole record on a bad head: %s', (_name, data, reason) => {
    const result = decodeEnvelopeEvents(data)
    expect(result.ok || result.error.reason).toBe(reason)
    expect(safeDecodeEnvelope(data).ok).toBe(false)
  })

  it('agrees with safeDecodeEnvelope on a valid record', () => {
    const data = JSON.stringify({ v: 1, ...head, events: [event(1), event(2)] })
    const all = safeDecodeEnvelope(data)
    const each = decodeEnvelopeEvents(data)
    expect(all.ok && each.ok && { ...each.head, events: each.events }).toEqual(all.ok && all.value)
    expect(each.ok && each.invalid).toEqual([])
  })
})

describe('packEnvelopes', () => {
  it('puts a key’s events in one record when they fit, in order', () => {
    const records = packEnvelopes(head, [event(1), event(2), event(3)])
    expect(records).toHaveLength(1)
    expect(decodeEnvelope(records[0] as Uint8Array).events.map((e) => e.messageId)).toEqual([
      'm-1',
      'm-2',
      'm-3',
    ])
  })

  it('splits at the record limit, each record within it, order kept across records', () => {
    const events = Array.from({ length: 100 }, (_, i) =>
      event(i, { properties: { pad: 'é'.repeat(15_000) } }),
    )
    const records = packEnvelopes(head, events)
    expect(records.length).toBeGreaterThan(2)
    for (const record of records)
      expect(record.byteLength + head.key.length).toBeLessThanOrEqual(MAX_RECORD_BYTES)
    const ids = records.flatMap((r) => decodeEnvelope(r).events.map((e) => e.messageId))
    expect(ids).toEqual(events.map((e) => e.messageId))
  })

  it('fills records to the limit exactly when it can', () => {
    const events = Array.from({ length: 10 }, (_, i) => event(i))
    const one = packEnvelopes(head, events)[0] as Uint8Array
    expect(packEnvelopes(head, events, one.byteLength + head.key.length)).toHaveLength(1)
    expect(packEnvelopes(head, events, one.byteLength + head.key.length - 1)).toHaveLength(2)
  })

  it('refuses an event that cannot fit any record', () => {
    expect(() => packEnvelopes(head, [event(1)], 100)).toThrow(EnvelopeTooLargeError)
  })

  it('returns nothing for no events', () => {
    expect(packEnvelopes(head, [])).toEqual([])
  })
})
