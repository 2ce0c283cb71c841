import { describe, expect, it } from 'vitest'
import { resolveSimulationOptions } from './simulate.js'

describe('resolveSimulationOptions', () => {
  it('keeps defaults for options given as undefined (flags not passed on the command line)', () => {
    const o = resolveSimulationOptions({ writeKey: undefined, host: undefined, users: 5 })
    expect(o).toMatchObject({
      writeKey: 'dev-write-key',
      host: 'http://127.0.0.1:8080',
      users: 5,
      events: 20_000,
    })
  })
})
