import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sessionsOf } from '../src/core/apply-batch.js'
import { resolveSessionRules } from '../src/core/options.js'
import { createMemoryDeadLetter } from '../src/dead-letter/memory.js'
import { createHandler } from '../src/handler/create-handler.js'
import { createMemorySessionStore } from '../src/session-store/memory.js'
import { faultyStore, runShard } from './event-source.js'
import { referenceSessions, withoutUpdatedAt } from './reference.js'
import { copiesOf, KEYS, options, rules, scenarioArb, streams } from './scenario.js'

describe('exactly-once sessions (property)', () => {
  it('equal an offline sessionization of the distinct events, whatever the delivery', async () => {
    const seen = { conflicts: 0, duplicates: 0 }
    const metrics = {
      addMetric(name: string, _unit: 'Count', value: number) {
        if (name === 'CommitConflicts') seen.conflicts += value
        if (name === 'EventsDuplicate') seen.duplicates += value
      },
      publishStoredMetrics() {},
    }
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const memory = createMemorySessionStore()
        const deadLetter = createMemoryDeadLetter()
        const store = faultyStore(memory, [...scenario.faults])
        const copies = copiesOf(scenario)
        const handler = createHandler({
          ...options,
          store,
          deadLetter,
          metrics,
          sleep: async () => {},
        })
        const plan = { batchSizes: scenario.batchSizes, lostCheckpoints: scenario.lostCheckpoints }
        await Promise.all(
          streams(scenario, copies).map((records) => runShard(handler, records, plan)),
        )
        const stored = (await Promise.all(KEYS.map((key) => memory.sessionsOfKey(key)))).flat()
        expect(withoutUpdatedAt(stored)).toEqual(referenceSessions(copies, rules, options.enricher))
        expect(deadLetter.entries).toEqual([])
      }),
      { numRuns: 300 },
    )
    // The histories did exercise racing invocations (two shards, one key) and redelivery.
    expect(seen.conflicts).toBeGreaterThan(0)
    expect(seen.duplicates).toBeGreaterThan(0)
  })
})

describe('compacted key state (property)', () => {
  const small = {
    ...options,
    lateHorizonMs: 2 * 3_600_000,
    maxStateEvents: 12,
    maxStateSessions: 3,
  }
  it('keeps compacted sessions final and sets aside exactly the events that would change them', async () => {
    let lateRuns = 0
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (generated) => {
        // One copy per event: a too-late copy is then never also an applied one.
        const events = generated.events.map((event) => ({
          ...event,
          copies: event.copies.slice(0, 1),
        }))
        const scenario = { ...generated, events }
        const memory = createMemorySessionStore()
        const deadLetter = createMemoryDeadLetter()
        const store = faultyStore(memory, [...scenario.faults])
        const copies = copiesOf(scenario)
        const handler = createHandler({ ...small, store, deadLetter, sleep: async () => {} })
        const plan = { batchSizes: scenario.batchSizes, lostCheckpoints: scenario.lostCheckpoints }
        await Promise.all(
          streams(scenario, copies).map((records) => runShard(handler, records, plan)),
        )
        const late = new Set(deadLetter.entries.map((entry) => JSON.parse(entry.data).messageId))
        expect(deadLetter.entries.every((entry) => entry.reason === 'too_late')).toBe(true)
        const applied = copies.filter((copy) => !late.has(copy.messageId))
        const stored = (await Promise.all(KEYS.map((key) => memory.sessionsOfKey(key)))).flat()
        expect(withoutUpdatedAt(stored)).toEqual(
          referenceSessions(applied, resolveSessionRules(small), options.enricher),
        )
        const states = await Promise.all(KEYS.map((key) => memory.load(key)))
        for (const [i, { state }] of states.entries()) {
          const live = sessionsOf(
            KEYS[i] as string,
            state,
            resolveSessionRules(small),
            options.enricher,
          ).drafts
          expect(state.facts.length <= small.maxStateEvents || live.length === 1).toBe(true)
        }
        lateRuns += late.size > 0 ? 1 : 0
      }),
      { numRuns: 300 },
    )
    expect(lateRuns).toBeGreaterThan(0)
  })
})
