import { describe, expect, it } from 'vitest'
import type { CheckpointStore } from './checkpoints.js'

export interface CheckpointStoreContractOptions {
  /** A store over fresh, empty storage. */
  create(): CheckpointStore
  /** A new store over the storage of the last one created: the poller restarted. */
  reopen?(): CheckpointStore
}

const SHARD_0 = 'shardId-000000000000'
const SHARD_1 = 'shardId-000000000001'
const seq = (n: number) =>
  `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`

/** The behaviour every `CheckpointStore` adapter must have. Each adapter's test calls this. */
export function testCheckpointStore(name: string, adapter: CheckpointStoreContractOptions): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    it('starts empty', () => {
      expect(adapter.create().load()).toEqual({})
    })

    it('loads the last sequence number saved per shard', () => {
      const store = adapter.create()
      store.save(SHARD_0, seq(1))
      store.save(SHARD_1, seq(2))
      store.save(SHARD_0, seq(3))
      expect(store.load()).toEqual({ [SHARD_0]: seq(3), [SHARD_1]: seq(2) })
    })

    it('hands out copies: changing a loaded object changes nothing stored', () => {
      const store = adapter.create()
      store.save(SHARD_0, seq(1))
      const loaded = store.load()
      loaded[SHARD_0] = seq(9)
      loaded[SHARD_1] = seq(9)
      expect(store.load()).toEqual({ [SHARD_0]: seq(1) })
      expect(store.load()).not.toBe(store.load())
    })

    if (adapter.reopen) {
      const reopen = adapter.reopen
      it('survives a restart: a new store over the same storage resumes where the last stopped', () => {
        const first = adapter.create()
        first.save(SHARD_0, seq(1))
        first.save(SHARD_1, seq(2))
        const second = reopen()
        expect(second.load()).toEqual({ [SHARD_0]: seq(1), [SHARD_1]: seq(2) })
        second.save(SHARD_1, seq(5))
        expect(reopen().load()).toEqual({ [SHARD_0]: seq(1), [SHARD_1]: seq(5) })
      })
    }
  })
}
