import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuid } from './uuid.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('uuid', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is a random v4 UUID', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(V4)
  })

  it('still is one where crypto.randomUUID is missing (plain-http pages)', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) })
    expect(uuid()).toMatch(V4)
    expect(uuid()).not.toBe(uuid())
  })
})
