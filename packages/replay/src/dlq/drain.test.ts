import { describe, expect, it } from 'vitest'
import { InvalidDlqMessageError, RecordsExpiredError } from '../errors.js'
import type { ReplayProgress } from '../replay.js'
import { drainDlq } from './drain.js'
import { createMemoryDlqQueue } from './queue-memory.js'

/** The loop reads nothing of a re-drive's progress: it only hands it on. */
const progress = (applied: number) => ({ applied, duplicates: 0 }) as ReplayProgress

// The re-drive is injected: these are the loop's own decisions (the CLI's test re-drives for real).
describe('drainDlq', () => {
  it('goes on past failed messages, receives at most maxMessages, and leaves the rest', async () => {
    const queue = createMemoryDlqQueue(['ok', 'bad', 'expired', 'ok', 'ok', 'ok'])
    const { outcomes, stoppedBy } = await drainDlq({
      queue,
      maxMessages: 4,
      keep: false,
      async redrive(m) {
        if (m.body === 'bad') throw new InvalidDlqMessageError(m.id, 'x is missing')
        if (m.body === 'expired') throw new RecordsExpiredError(m.id, { from: 'a', to: 'b' })
        return progress(1)
      },
    })
    expect(stoppedBy).toBeUndefined()
    expect(outcomes.map((o) => o.status)).toEqual(['deleted', 'failed', 'failed', 'deleted'])
    expect(queue.ids()).toEqual(['message-0002', 'message-0003', 'message-0005', 'message-0006'])
    // Released: all four are received again.
    expect((await queue.receive(10)).length).toBe(4)
  })

  it('stops at an error that is no message’s own, deleting nothing more and releasing what it holds', async () => {
    const queue = createMemoryDlqQueue(['ok', 'down', 'ok'])
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:4568')
    const { outcomes, stoppedBy } = await drainDlq({
      queue,
      maxMessages: 10,
      keep: false,
      async redrive(m) {
        if (m.body === 'down') throw refused
        return progress(2)
      },
    })
    expect(stoppedBy).toBe(refused)
    expect(outcomes.map((o) => [o.id, o.status])).toEqual([['message-0001', 'deleted']])
    expect(queue.ids()).toEqual(['message-0002', 'message-0003'])
    expect((await queue.receive(10)).map((m) => m.id)).toEqual(['message-0002', 'message-0003'])
  })

  it('a message whose deletion fails after its re-drive is reported failed, with what it applied', async () => {
    const queue = createMemoryDlqQueue(['ok'])
    const gone = new Error('ReceiptHandleIsInvalid')
    queue.delete = async () => {
      throw gone
    }
    const { outcomes } = await drainDlq({
      queue,
      maxMessages: 10,
      keep: false,
      redrive: async () => progress(3),
    })
    expect(outcomes).toEqual([
      { id: 'message-0001', status: 'failed', error: gone, progress: progress(3) },
    ])
  })
})
