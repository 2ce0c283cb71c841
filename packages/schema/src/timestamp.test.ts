import { describe, expect, it } from 'vitest'
import { formatTimestamp, parseTimestamp } from './timestamp.js'

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-01T10:15:30.123Z', Date.UTC(2024, 2, 1, 10, 15, 30, 123)],
    ['2024-03-01T10:15:30Z', Date.UTC(2024, 2, 1, 10, 15, 30)],
    ['2024-03-01T10:15:30', Date.UTC(2024, 2, 1, 10, 15, 30)],
    ['2024-03-01 10:15:30', Date.UTC(2024, 2, 1, 10, 15, 30)],
    ['2024-03-01T10:15', Date.UTC(2024, 2, 1, 10, 15)],
    ['2024-03-01T10:15:30+02:00', Date.UTC(2024, 2, 1, 8, 15, 30)],
    ['2024-03-01T10:15:30-0530', Date.UTC(2024, 2, 1, 15, 45, 30)],
    ['2024-03-01T10:15:30+02', Date.UTC(2024, 2, 1, 8, 15, 30)],
    ['2024-03-01T10:15:30.123456789Z', Date.UTC(2024, 2, 1, 10, 15, 30, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    // Year 0000 is a leap year (proleptic Gregorian), as toISOString writes it.
    ['0000-02-29T12:00:00Z', Date.parse('0000-02-29T12:00:00.000Z')],
    ['0000-02-29T12:00:00.000Z', Date.parse('0000-02-29T12:00:00.000Z')],
    // An offset can put a four-digit wall time outside the four-digit years.
    ['0000-01-01T00:00:00+01:00', Date.parse('0000-01-01T00:00:00.000Z') - 3_600_000],
  ])('%s → %i (no offset means UTC)', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected)
  })

  it.each([
    '2023-02-29T00:00:00Z',
    '0100-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-01-01T25:00:00Z',
    '2024-01-01T10:61:00Z',
    '2024-01-01',
    '20240101T101530Z',
    'not a date',
    '',
    ' 2024-01-01T00:00:00Z',
  ])('rejects %j', (input) => {
    expect(parseTimestamp(input)).toBeUndefined()
  })

  it('formats epoch ms as ISO-8601 UTC with milliseconds', () => {
    expect(formatTimestamp(Date.UTC(2024, 2, 1, 10, 15, 30, 5))).toBe('2024-03-01T10:15:30.005Z')
  })
})

describe('parseTimestamp: the canonical form (fast path) agrees with the general parser', () => {
  it.each([
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2000-02-29T00:00:00.000Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00.000Z', 0],
  ])('%s', (input, expected) => expect(parseTimestamp(input)).toBe(expected))

  it.each([
    '2023-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-00-01T00:00:00.000Z',
    '2024-01-01T23:60:00.000Z',
    '2024-01-01T23:59:60.000Z',
    '2024-01-01T2a:00:00.000Z',
    '2024-01-01X10:00:00.000Z',
  ])('rejects %s', (input) => expect(parseTimestamp(input)).toBeUndefined())

  it('gives every real instant back from its toISOString (property)', async () => {
    const fc = (await import('fast-check')).default
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseTimestamp(date.toISOString())).toBe(date.getTime())
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('formatTimestamp', () => {
  it.each([
    -62167219200000, // 0000-01-01
    -62135596800001, // 0000-12-31T23:59:59.999Z
    -1,
    0,
    951782400000, // 2000-02-29
    4107542400000, // 2100-03-01
    253402300799999, // 9999-12-31T23:59:59.999Z
  ])('writes %d as toISOString does', (ms) => {
    expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString())
  })

  it('falls back to toISOString outside years 0–9999 and for fractions', () => {
    for (const ms of [-62167219200001, 253402300800000, 1.5, 8.64e15]) {
      expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString())
    }
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError)
  })

  it('writes every instant of years 0–9999 as toISOString does (property)', async () => {
    const fc = (await import('fast-check')).default
    fc.assert(
      fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (ms) => {
        expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString())
      }),
      { numRuns: 5000 },
    )
  })
})
