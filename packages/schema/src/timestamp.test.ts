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
