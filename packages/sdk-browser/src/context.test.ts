import { describe, expect, it } from 'vitest'
import { campaignFrom } from './context.js'

describe('campaignFrom', () => {
  it('maps utm_* parameters to Segment campaign fields', () => {
    expect(
      campaignFrom(
        '?utm_source=news&utm_medium=email&utm_campaign=spring&utm_term=shoes&utm_content=a&utm_id=7&x=1',
      ),
    ).toEqual({
      source: 'news',
      medium: 'email',
      name: 'spring',
      term: 'shoes',
      content: 'a',
      id: '7',
    })
  })
  it('is undefined without utm parameters', () => {
    expect(campaignFrom('?x=1')).toBeUndefined()
    expect(campaignFrom('')).toBeUndefined()
  })
})
