import { describe, expect, it } from 'vitest'
import { EnrichConfigError } from '../errors.js'
import { describeGeoLookupContract } from './geo-lookup.contract.js'
import { createMemoryGeoLookup } from './memory.js'
import { FIXTURE_ENTRIES } from './test-fixtures/geo-databases.js'

describeGeoLookupContract('memory', () => createMemoryGeoLookup(FIXTURE_ENTRIES))

describe('createMemoryGeoLookup', () => {
  it('answers from the most specific range, whatever the order', () => {
    const geo = createMemoryGeoLookup([
      { cidr: '80.0.0.0/8', country: 'fr' },
      { cidr: '80.128.0.0/11', country: 'DE', region: 'Hesse' },
      { cidr: '80.128.0.1', country: 'AT', city: 'Wien' },
    ])
    expect(geo.lookup('80.1.0.1')).toEqual({ country: 'FR' })
    expect(geo.lookup('80.128.0.2')).toEqual({ country: 'DE', region: 'Hesse' })
    expect(geo.lookup('80.128.0.1')).toEqual({ country: 'AT', city: 'Wien' })
    expect(geo.lookup('81.0.0.1')).toBeUndefined()
  })

  it('drops country values that are not ISO codes, and answers copies', () => {
    const geo = createMemoryGeoLookup([{ cidr: '8.8.8.0/24', country: 'United States', city: 'X' }])
    const answer = geo.lookup('8.8.8.8')
    expect(answer).toEqual({ city: 'X' })
    if (answer) answer.city = 'changed'
    expect(geo.lookup('8.8.8.8')).toEqual({ city: 'X' })
  })

  it('rejects a malformed range', () => {
    expect(() => createMemoryGeoLookup([{ cidr: '8.8.8.0/33', country: 'US' }])).toThrow(
      EnrichConfigError,
    )
  })
})
