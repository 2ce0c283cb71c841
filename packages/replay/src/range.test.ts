import { describe, expect, it } from 'vitest'
import { InvalidRangeError } from './errors.js'
import { parseRange } from './range.js'

const now = Date.parse('2026-03-10T12:00:00Z')

describe('parseRange', () => {
  it('reads dates (a date in --to is that whole day) and ISO times; --to defaults to now', () => {
    expect(parseRange('2026-03-01', '2026-03-01', now)).toEqual({
      fromMs: Date.parse('2026-03-01T00:00:00Z'),
      toMs: Date.parse('2026-03-02T00:00:00Z'),
    })
    expect(parseRange('2026-03-01T10:00:00+01:00', undefined, now)).toEqual({
      fromMs: Date.parse('2026-03-01T09:00:00Z'),
      toMs: now,
    })
  })

  it.each([
    [undefined, undefined, '--from is required'],
    ['last week', undefined, '--from "last week" is not a time'],
    ['2026-03-01', '1740000000', '--to "1740000000" is not a time'],
    [
      '2026-03-05',
      '2026-03-04T23:00:00Z',
      'the range ends before it starts: --from 2026-03-05T00:00:00.000Z',
    ],
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 'ends before it starts'],
  ])('refuses from %j to %j naming the flag', (from, to, message) => {
    expect(() => parseRange(from, to, now)).toThrow(InvalidRangeError)
    expect(() => parseRange(from, to, now)).toThrow(message)
  })
})
