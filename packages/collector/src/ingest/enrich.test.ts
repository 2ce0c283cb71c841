import { describe, expect, it } from 'vitest'
import { correctedTimestamp } from './enrich.js'

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
})
