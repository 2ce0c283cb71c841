import { describe, expect, it, vi } from 'vitest'
import type { LockContender } from './contender.js'

export interface LockContractOptions {
  /** A new sender sharing the lock `name` with every other contender of that name (another tab). */
  contender(name: string): Promise<LockContender>
  /**
   * Makes `holder`, whose task never ends, go away the way this adapter recovers from a dead
   * sender: its tab closed (Web Locks), its lease expired (lease). Absent where a holder cannot
   * vanish without its process (memory).
   */
  abandon?(holder: LockContender): Promise<void>
  /**
   * What senders starting at the same instant get: exactly one runs (`exclusive`), or at least
   * one does (`best-effort`: the lease, whose racing tabs may both write it; the collector
   * dedupes by messageId).
   * @default 'exclusive'
   */
  race?: 'exclusive' | 'best-effort'
}

let names = 0

/** The behaviour every `Lock` adapter must have. Each adapter's test calls this. */
export function testLock(name: string, adapter: LockContractOptions): void {
  describe(`Lock contract: ${name}`, () => {
    const contenders = async (n: number) => {
      const lockName = `lock-contract-${++names}`
      return Promise.all(Array.from({ length: n }, () => adapter.contender(lockName)))
    }

    it('runs the task and returns its result', async () => {
      const [a] = (await contenders(1)) as [LockContender]
      expect(await a.call({ value: 'done' })).toEqual({ ran: true, value: 'done' })
      expect(await a.call({ value: 'again' })).toEqual({ ran: true, value: 'again' })
    })

    it('has one holder at a time: while it is held, other senders and the holder itself skip', async () => {
      const [a, b] = (await contenders(2)) as [LockContender, LockContender]
      expect(await a.hold()).toBe(true)
      expect(await b.call({ value: 'b' })).toEqual({ ran: false })
      expect(await a.call({ value: 'a again' })).toEqual({ ran: false })
      expect(await a.release()).toEqual({ ran: true, value: 'held' })
      expect(await b.call({ value: 'b' })).toEqual({ ran: true, value: 'b' })
    })

    it('is released when the task throws, and the call rejects with its error', async () => {
      const [a, b] = (await contenders(2)) as [LockContender, LockContender]
      expect(await a.call({ error: 'boom' })).toEqual({ ran: true, error: 'boom' })
      expect(await b.call({ value: 'b' })).toEqual({ ran: true, value: 'b' })
      expect(await a.call({ value: 'a' })).toEqual({ ran: true, value: 'a' })
    })

    it(
      adapter.race === 'best-effort'
        ? 'lets at least one of senders starting together run'
        : 'lets exactly one of senders starting together run',
      async () => {
        const all = await contenders(4)
        const held = await Promise.all(all.map((c) => c.hold()))
        const holders = all.filter((_, i) => held[i])
        if (adapter.race === 'best-effort') expect(holders.length).toBeGreaterThan(0)
        else expect(holders).toHaveLength(1)
        for (const holder of holders) await holder.release()
        expect(await all[0]?.call({ value: 'after' })).toEqual({ ran: true, value: 'after' })
      },
    )

    if (adapter.abandon) {
      const abandon = adapter.abandon
      it('is taken over once a holder that never finishes goes away', async () => {
        const [dead, alive] = (await contenders(2)) as [LockContender, LockContender]
        expect(await dead.hold()).toBe(true)
        expect(await alive.call({ value: 'early' })).toEqual({ ran: false })
        await abandon(dead)
        await vi.waitFor(
          async () =>
            expect(await alive.call({ value: 'late' })).toEqual({ ran: true, value: 'late' }),
          { timeout: 20_000, interval: 50 },
        )
      })
    }
  })
}
