import { describe, expect, it } from 'vitest'
import {
  type OriginHeaderTarget,
  RotationError,
  type RotationEvent,
  rotate,
  type SecretStore,
} from './rotation.js'

/** Secrets Manager's versions and stages, and a distribution's origins, in memory. */
function stores() {
  const values = new Map<string, string>([['v1', 'first']])
  const stages: Record<string, string[]> = { AWSCURRENT: ['v1'] }
  let n = 0
  const secrets: SecretStore = {
    stages: async () => structuredClone(stages),
    value: async (_id, version) => values.get(version) ?? '',
    putPending: async (_id, version, value) => {
      values.set(version, value)
      stages.AWSPENDING = [version]
    },
    promote: async (_id, version, from) => {
      stages.AWSPREVIOUS = [from]
      stages.AWSCURRENT = [version]
      delete stages.AWSPENDING
    },
    randomValue: async () => `random-${++n}`,
  }
  const headers = [{ 'x-origin-verify': 'first' }]
  const origins: OriginHeaderTarget = {
    set: async (header, value) => {
      for (const h of headers) h[header as 'x-origin-verify'] = value
    },
    values: async (header) => headers.map((h) => h[header as 'x-origin-verify']),
  }
  const waits: number[] = []
  const ports = {
    secrets,
    origins,
    header: 'x-origin-verify',
    propagationWaitMs: 130_000,
    wait: async (ms: number) => {
      waits.push(ms)
    },
  }
  return { ports, stages, headers, waits, values }
}

const step = (Step: RotationEvent['Step'], token = 'v2'): RotationEvent => ({
  Step,
  SecretId: 'origin',
  ClientRequestToken: token,
})

describe('origin secret rotation', () => {
  it('creates a pending value, waits for the collectors, sets it on the origin, then makes it current', async () => {
    const s = stores()
    for (const name of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      await rotate(step(name), s.ports)
    }
    expect(s.stages).toEqual({ AWSCURRENT: ['v2'], AWSPREVIOUS: ['v1'] })
    expect(s.headers[0]?.['x-origin-verify']).toBe('random-1')
    expect(s.waits).toEqual([130_000])
  })

  it('is idempotent: a step called again changes nothing more', async () => {
    const s = stores()
    await rotate(step('createSecret'), s.ports)
    await rotate(step('createSecret'), s.ports)
    expect(s.values.get('v2')).toBe('random-1')
    for (const name of ['setSecret', 'testSecret', 'finishSecret', 'finishSecret'] as const) {
      await rotate(step(name), s.ports)
    }
    expect(s.stages.AWSCURRENT).toEqual(['v2'])
  })

  it('testSecret fails while the origin does not send the pending value', async () => {
    const s = stores()
    await rotate(step('createSecret'), s.ports)
    await expect(rotate(step('testSecret'), s.ports)).rejects.toBeInstanceOf(RotationError)
  })

  it('refuses a step for a version that is not pending', async () => {
    const s = stores()
    await expect(rotate(step('setSecret', 'v9'), s.ports)).rejects.toThrow(/not AWSPENDING/)
  })
})
