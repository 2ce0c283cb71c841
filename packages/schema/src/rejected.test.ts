import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8Length } from './json-value.js'
import {
  createRejectedRecord,
  decodeRejected,
  encodeRejected,
  MAX_REJECTED_RAW_BYTES,
  truncateUtf8,
} from './rejected.js'

const base = {
  sourceId: 'web',
  receivedAt: '2026-01-31T12:00:00.000Z',
  index: 2,
  issues: [{ path: 'event', code: 'required' as const, message: 'event: is required' }],
}

describe('rejected records', () => {
  it('round-trips through encode and decode', () => {
    const record = createRejectedRecord({ ...base, messageId: 'm-1', raw: { type: 'track' } })
    expect(record).toMatchObject({ v: 1, raw: '{"type":"track"}', truncated: false })
    const decoded = decodeRejected(encodeRejected(record))
    expect(decoded).toEqual({ ok: true, value: record })
  })

  it('writes a plan reason and leaves the default one out', () => {
    const flagged = createRejectedRecord({ ...base, reason: 'plan_flagged', raw: {} })
    expect(decodeRejected(encodeRejected(flagged))).toEqual({ ok: true, value: flagged })
    expect(flagged.reason).toBe('plan_flagged')
    expect('reason' in createRejectedRecord({ ...base, reason: 'invalid', raw: {} })).toBe(false)
    expect(decodeRejected(JSON.stringify({ ...flagged, reason: 'other' })).ok).toBe(false)
  })

  it('omits a missing messageId', () => {
    const record = createRejectedRecord({ ...base, raw: 42 })
    expect('messageId' in record).toBe(false)
    expect(record.raw).toBe('42')
  })

  it('cuts a raw message past the bound and says so', () => {
    const raw = { text: 'é'.repeat(MAX_REJECTED_RAW_BYTES) }
    const record = createRejectedRecord({ ...base, raw })
    expect(record.truncated).toBe(true)
    expect(utf8Length(record.raw)).toBeLessThanOrEqual(MAX_REJECTED_RAW_BYTES)
    expect(decodeRejected(encodeRejected(record)).ok).toBe(true)
  })

  it('rejects bytes that are not a record', () => {
    expect(decodeRejected('nope')).toMatchObject({ ok: false, issues: [{ code: 'not_json' }] })
    expect(decodeRejected('{"v":2}')).toMatchObject({ ok: false })
    expect(decodeRejected(new Uint8Array([0xff]))).toMatchObject({ ok: false })
  })

  it('truncateUtf8 keeps the longest prefix within the bound, never half a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat(400), (text, max) => {
        const cut = truncateUtf8(text, max)
        expect(text.startsWith(cut)).toBe(true)
        expect(utf8Length(cut)).toBeLessThanOrEqual(max)
        const last = cut.charCodeAt(cut.length - 1)
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false)
        if (cut.length < text.length) {
          const next = text.codePointAt(cut.length) ?? 0
          expect(utf8Length(cut + String.fromCodePoint(next))).toBeGreaterThan(max)
        }
      }),
    )
  })
})
