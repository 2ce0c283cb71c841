import { describe, expect, it } from 'vitest'
import type { DlqQueue } from './queue.js'

/** Makes the adapter under test hold these messages' bodies, in this order (a fresh queue). */
export type MakeQueue = (bodies: readonly string[]) => Promise<DlqQueue>

const bodies = (n: number) => Array.from({ length: n }, (_, i) => `{"message":${i}}`)

/** Receives until the queue returns nothing: every message it then holds. */
async function drain(queue: DlqQueue) {
  const all = []
  for (let page = await queue.receive(10); page.length > 0; page = await queue.receive(10))
    all.push(...page)
  return all
}

/** What every `DlqQueue` adapter does (the memory adapter runs it here; SQS needs a real queue). */
export function dlqQueueContract(name: string, make: MakeQueue) {
  describe(`DlqQueue contract: ${name}`, () => {
    it('receives each message once, with its id, receipt handle and body; then nothing', async () => {
      const queue = await make(bodies(3))
      const received = await drain(queue)
      expect(received.map((m) => m.body).sort()).toEqual(bodies(3))
      expect(new Set(received.map((m) => m.id)).size).toBe(3)
      for (const m of received) expect(m.receiptHandle).not.toBe('')
      expect(await queue.receive(10)).toEqual([])
    })

    it('returns at most the number asked for, and never more than 10 at once', async () => {
      const queue = await make(bodies(14))
      const two = await queue.receive(2)
      const ten = await queue.receive(25)
      expect(two.length).toBeLessThanOrEqual(2)
      expect(ten.length).toBeLessThanOrEqual(10)
      const rest = await drain(queue)
      expect(new Set([...two, ...ten, ...rest].map((m) => m.body)).size).toBe(14)
    })

    it('a deleted message is gone; a released one is received again', async () => {
      const queue = await make(bodies(2))
      const [first, second, ...rest] = await drain(queue)
      expect(rest).toEqual([])
      if (!first || !second) throw new Error('two messages expected')
      await queue.delete(first.receiptHandle)
      await queue.release(second.receiptHandle)
      const again = await drain(queue)
      expect(again.map((m) => [m.id, m.body])).toEqual([[second.id, second.body]])
      expect(again[0]?.receiptHandle).toBeDefined()
      await queue.delete(again[0]?.receiptHandle as string)
      expect(await queue.receive(10)).toEqual([])
    })

    it('an empty queue returns no message', async () => {
      const queue = await make([])
      expect(await queue.receive(10)).toEqual([])
    })
  })
}
