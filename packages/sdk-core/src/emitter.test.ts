import { describe, expect, it } from 'vitest'
import { createEmitter } from './emitter.js'

describe('createEmitter', () => {
  it('delivers to the listeners of a type until they unsubscribe, surviving a throwing one', () => {
    const emitter = createEmitter<{ a: number; b: string }>()
    const got: unknown[] = []
    emitter.on('a', () => {
      throw new Error('host bug')
    })
    const off = emitter.on('a', (n) => got.push(n))
    emitter.on('b', (s) => got.push(s))
    emitter.emit('a', 1)
    emitter.emit('b', 'x')
    off()
    emitter.emit('a', 2)
    expect(got).toEqual([1, 'x'])
  })
})
