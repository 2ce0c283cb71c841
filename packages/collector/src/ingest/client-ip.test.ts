import { describe, expect, it } from 'vitest'
import { clientIp } from './client-ip.js'

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

describe('clientIp reads addresses with @clickstream/enrich/ip', () => {
  it('answers the canonical form, whatever form the connection or the hop has', () => {
    expect(
      clientIp({ connectionIp: '::FFFF:10.0.0.1', forwardedFor: null, trustedProxies: [] }),
    ).toBe('10.0.0.1')
    expect(
      clientIp({
        connectionIp: '10.0.0.1',
        forwardedFor: '2001:DB8:0:0:0:0:0:1, 198.51.100.9:4711',
        trustedProxies: ['10.0.0.0/8'],
      }),
    ).toBe('198.51.100.9')
    expect(
      clientIp({
        connectionIp: '10.0.0.1',
        forwardedFor: '[2001:db8::7]:443',
        trustedProxies: '*',
      }),
    ).toBe('2001:db8::7')
  })
  it('trusts IPv6 proxy ranges, and never matches entries that are no range', () => {
    const xff = '192.0.2.1, 2001:db8:1::5'
    const trustedProxies = ['2001:db8:1::/48', 'not a range', '10.0.0.0/33']
    expect(clientIp({ connectionIp: '2001:db8:1::9', forwardedFor: xff, trustedProxies })).toBe(
      '192.0.2.1',
    )
    expect(clientIp({ connectionIp: '10.0.0.1', forwardedFor: xff, trustedProxies })).toBe(
      '10.0.0.1',
    )
  })
  it('ignores a connection address that is not an IP', () => {
    expect(
      clientIp({ connectionIp: 'unknown', forwardedFor: null, trustedProxies: [] }),
    ).toBeUndefined()
  })
})
