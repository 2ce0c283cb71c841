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
  ])('%s → %i (no offset means UTC)', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected)
  })

  it.each([
    '2023-02-29T00:00:00Z',
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
          min: new Date('0001-01-01T00:00:00Z'),
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
