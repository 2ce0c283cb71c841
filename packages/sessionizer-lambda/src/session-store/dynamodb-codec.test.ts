import { describe, expect, it } from 'vitest'
import type { KeyState } from '../core/key-state.js'
import { packState, unpackState } from './dynamodb-codec.js'

describe('state codec', () => {
  it('round-trips facts exactly, key order included', () => {
    const state: KeyState = {
      facts: [
        {
          id: 'a',
          t: 1_000,
          r: 1_000,
          k: 'p',
          a: 'anon',
          pg: { url: 'https://x.example/', path: '/' },
          ref: 'https://r.example/',
          ua: 'UA',
          ip: '1.2.3.4',
        },
        {
          id: 'b\n"',
          t: 1_500,
          r: 9_000,
          k: 't',
          n: 'Added',
          u: 'user',
          a: 'anon',
          c: { name: 'spring', source: 'news' },
          ua: 'UA',
        },
        { id: 'c', t: 1_500, r: 1_400, k: 'o' },
      ],
      frozen: { t: 5, id: '', userId: 'user' },
      checkpoints: { 'shardId-000000000001': '123' },
    }
    const back = unpackState(packState(state))
    expect(back).toEqual(state)
    expect(JSON.stringify(back.facts)).toBe(JSON.stringify(state.facts))
  })
})
