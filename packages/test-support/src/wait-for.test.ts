import { describe, expect, it } from 'vitest'
import { waitFor } from './wait-for.js'

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let polls = 0
    await waitFor('three polls', () => ++polls >= 3)
    expect(polls).toBe(3)
  })

  it('throws naming what it waited for once the deadline passes', async () => {
    await expect(waitFor('never', () => false, 120)).rejects.toThrow('timed out waiting for never')
  })
})
