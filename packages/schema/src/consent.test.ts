import { describe, expect, it } from 'vitest'
import { consentIssue } from './consent.js'
import { validateMessage } from './validate.js'

const track = (context: unknown) => ({
  type: 'track',
  event: 'Viewed',
  anonymousId: 'a1',
  context,
})

describe('context.consent', () => {
  it('accepts Segment’s consent object, an empty one, and none', () => {
    for (const consent of [
      { categoryPreferences: { Advertising: false, Analytics: true } },
      { categoryPreferences: {} },
      {},
      undefined,
    ]) {
      expect(consentIssue(consent)).toBeUndefined()
      expect(validateMessage(track({ consent }))).toMatchObject({ ok: true })
    }
  })

  it('rejects preferences that are not booleans, naming the category, in both checks', () => {
    expect(consentIssue({ categoryPreferences: { Ads: 'yes' } })).toBe(
      'context.consent.categoryPreferences.Ads must be a boolean, got string',
    )
    expect(consentIssue({ categoryPreferences: [true] })).toMatch(/must be an object of booleans/)
    expect(consentIssue('all')).toBe('context.consent must be an object')
    const result = validateMessage(track({ consent: { categoryPreferences: { Ads: 1 } } }))
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).toContain('context.consent.categoryPreferences.Ads')
  })
})
