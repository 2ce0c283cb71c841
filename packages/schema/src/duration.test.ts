import { describe, expect, it } from 'vitest'
import { parseDurationMs } from './duration.js'

describe('parseDurationMs', () => {
  it.each([
    ['500', 500],
    ['500ms', 500],
    ['1.5s', 1500],
    ['30m', 1_800_000],
    [' 1h ', 3_600_000],
    ['7d', 604_800_000],
  ])('%s → %i ms', (input, ms) => expect(parseDurationMs(input)).toBe(ms))

  it.each(['', 'soon', '-1s', '1w', '1e3', '10 minutes'])('%j is no duration', (input) =>
    expect(parseDurationMs(input)).toBeUndefined(),
  )
})
