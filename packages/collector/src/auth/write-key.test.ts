import { describe, expect, it } from 'vitest'
import type { CollectorError } from '../errors.js'
import { createSourceRegistry } from './sources.js'
import { createAuthenticator } from './write-key.js'

const basic = (user: string) => `Basic ${btoa(`${user}:`)}`
const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return (error as CollectorError).code
  }
  return 'none'
}

describe('createAuthenticator', () => {
  const registry = createSourceRegistry({ 'key-a': { id: 'a' }, 'key-b': { id: 'b' } })

  it('finds each source again and again, header first, then body', () => {
    const authenticate = createAuthenticator(() => registry)
    for (let i = 0; i < 3; i++) {
      expect(authenticate(basic('key-a'), {}).id).toBe('a')
      expect(authenticate(basic('key-b'), { writeKey: 'key-a' }).id).toBe('b')
      expect(authenticate(null, { writeKey: 'key-a' }).id).toBe('a')
    }
  })

  it('answers a bad or unknown header every time, and stays right past its memory bound', () => {
    const authenticate = createAuthenticator(() => registry)
    for (let i = 0; i < 2; i++) {
      expect(codeOf(() => authenticate('Basic !!!', {}))).toBe('missing_write_key')
      expect(codeOf(() => authenticate(basic('nope'), {}))).toBe('unknown_write_key')
      expect(codeOf(() => authenticate(basic(''), {}))).toBe('missing_write_key')
    }
    for (let i = 0; i < 600; i++) {
      expect(codeOf(() => authenticate(basic(`junk-${i}`), {}))).toBe('unknown_write_key')
    }
    expect(authenticate(basic('key-a'), {}).id).toBe('a')
    expect(authenticate(basic('key-b'), {}).id).toBe('b')
  })
})
