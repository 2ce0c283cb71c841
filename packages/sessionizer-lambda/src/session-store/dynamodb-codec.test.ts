import { describe, expect, it } from 'vitest'
import { compareFacts } from '../core/event-fact.js'
import type { KeyState } from '../core/key-state.js'
import { factIdOf } from '../core/session-id.js'
import { pack, packState, unpackState } from './dynamodb-codec.js'

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
          uad: { b: [['Chromium', '126']], m: false, p: 'macOS' },
          ip: '2001:db8::1',
          tu: 'https://x.example/?gclid=1',
          tr: '',
        },
        { id: 'c', t: 1_500, r: 1_400, k: 'o' },
      ],
      frozen: { t: 5, id: '', userId: 'user' },
      checkpoints: { 'shardId-000000000001': '123' },
    }
    const { state: back, extra } = unpackState<{ outbox: number }>(packState(state, { outbox: 1 }))
    expect(back).toEqual(state)
    expect(extra).toEqual({ outbox: 1 })
    expect(JSON.stringify(back.facts)).toBe(JSON.stringify(state.facts))
  })

  it('reads format 1 (raw messageIds) as fact ids, in order', () => {
    const v1 = pack({
      f: 1,
      ids: ['m-b', 'm-a'],
      t: [5, 0],
      r: [0, 0],
      k: 'tt',
      dict: [],
      cols: {
        n: [0, 0],
        u: [0, 0],
        a: [0, 0],
        pg: [0, 0],
        ref: [0, 0],
        c: [0, 0],
        ua: [0, 0],
        ip: [0, 0],
      },
      checkpoints: {},
    })
    const { state } = unpackState(v1)
    expect(state.facts.map((f) => f.id).sort()).toEqual([factIdOf('m-a'), factIdOf('m-b')].sort())
    expect(state.facts.map((f) => f.id)).toEqual(
      [...state.facts].sort(compareFacts).map((f) => f.id),
    )
  })

  it('reads a state written before the client hints and traffic columns existed', () => {
    const before = pack({
      f: 2,
      ids: ['a'],
      t: [7],
      r: [0],
      k: 'p',
      dict: ['UA'],
      cols: { n: [0], u: [0], a: [0], pg: [0], ref: [0], c: [0], ua: [1], ip: [0] },
      checkpoints: {},
    })
    expect(unpackState(before).state.facts).toEqual([{ id: 'a', t: 7, r: 7, k: 'p', ua: 'UA' }])
  })
})
