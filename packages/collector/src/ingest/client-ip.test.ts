import { describe, expect, it } from 'vitest'
import { anonymiseIp, clientIp } from './client-ip.js'

describe('clientIp', () => {
  const xff = '192.0.2.1, 203.0.113.7, 10.0.0.2'
  it('uses the connection when no proxy is trusted', () => {
    expect(clientIp({ connectionIp: '10.0.0.1', forwardedFor: xff, trustedProxies: [] })).toBe(
      '10.0.0.1',
    )
  })
  it('takes the right-most hop no trusted proxy vouches for', () => {
    expect(
      clientIp({ connectionIp: '10.0.0.1', forwardedFor: xff, trustedProxies: ['10.0.0.0/8'] }),
    ).toBe('203.0.113.7')
    expect(
      clientIp({
        connectionIp: '::ffff:10.0.0.1',
        forwardedFor: xff,
        trustedProxies: ['10.0.0.0/8', '203.0.113.7'],
      }),
    ).toBe('192.0.2.1')
  })
  it('with * trusts the whole chain, also without a connection address', () => {
    expect(clientIp({ connectionIp: undefined, forwardedFor: xff, trustedProxies: '*' })).toBe(
      '192.0.2.1',
    )
    expect(
      clientIp({ connectionIp: undefined, forwardedFor: xff, trustedProxies: [] }),
    ).toBeUndefined()
  })
  it('ignores hops that are not addresses', () => {
    expect(
      clientIp({ connectionIp: '10.0.0.1', forwardedFor: 'junk, <script>', trustedProxies: '*' }),
    ).toBe('10.0.0.1')
  })
})

describe('anonymiseIp', () => {
  it.each([
    ['203.0.113.42', '203.0.113.0'],
    ['::ffff:203.0.113.42', '203.0.113.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['not an ip', 'not an ip'],
  ])('%s → %s', (ip, expected) => {
    expect(anonymiseIp(ip)).toBe(expected)
  })
})
