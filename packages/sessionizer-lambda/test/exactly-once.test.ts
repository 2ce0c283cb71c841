import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMemoryDeadLetter } from '../src/dead-letter/memory.js'
import { createHandler } from '../src/handler/create-handler.js'
import { createMemorySessionStore } from '../src/session-store/memory.js'
import { faultyStore, runShard } from './event-source.js'
import { referenceSessions, withoutUpdatedAt } from './reference.js'
import { copiesOf, KEYS, options, rules, scenarioArb, streams } from './scenario.js'

describe('exactly-once sessions (property)', () => {
  it('equal an offline sessionization of the distinct events, whatever the delivery', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const memory = createMemorySessionStore()
        const deadLetter = createMemoryDeadLetter()
        const store = faultyStore(memory, [...scenario.faults])
        const copies = copiesOf(scenario)
        const handler = createHandler({ ...options, store, deadLetter, sleep: async () => {} })
        const plan = { batchSizes: scenario.batchSizes, lostCheckpoints: scenario.lostCheckpoints }
        await Promise.all(
          streams(scenario, copies).map((records) => runShard(handler, records, plan)),
        )
        const stored = (await Promise.all(KEYS.map((key) => memory.sessionsOfKey(key)))).flat()
        expect(withoutUpdatedAt(stored)).toEqual(referenceSessions(copies, rules))
        expect(deadLetter.entries).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})
