import { type DlqQueue, type DlqQueueMessage, RECEIVE_MAX } from './queue.js'

/** `createMemoryDlqQueue`'s queue, and what it holds: for tests. */
export interface MemoryDlqQueue extends DlqQueue {
  /** Adds a message with this body; returns its id. */
  send(body: string): string
  /** The ids of the messages in the queue (held or not), oldest first. */
  ids(): string[]
}

/**
 * A dead-letter queue in memory, oldest message first. A received message is held until it is
 * deleted or released (no timeout: a run of the loop is far shorter than SQS's hold). Every
 * receive of a message gets a new receipt handle; a stale one deletes nothing, as in SQS.
 */
export function createMemoryDlqQueue(bodies: readonly string[] = []): MemoryDlqQueue {
  const messages: { id: string; body: string; receipt?: string }[] = []
  let sent = 0
  let receipts = 0
  const send = (body: string) => {
    const id = `message-${String(++sent).padStart(4, '0')}`
    messages.push({ id, body })
    return id
  }
  for (const body of bodies) send(body)
  const find = (receiptHandle: string) => messages.findIndex((m) => m.receipt === receiptHandle)
  return {
    describe: 'a queue in memory',
    send,
    ids: () => messages.map((m) => m.id),
    async receive(max) {
      const received: DlqQueueMessage[] = []
      for (const message of messages) {
        if (received.length >= Math.min(max, RECEIVE_MAX)) break
        if (message.receipt !== undefined) continue
        message.receipt = `${message.id}#${++receipts}`
        received.push({ id: message.id, receiptHandle: message.receipt, body: message.body })
      }
      return received
    },
    async delete(receiptHandle) {
      const at = find(receiptHandle)
      if (at >= 0) messages.splice(at, 1)
    },
    async release(receiptHandle) {
      const message = messages[find(receiptHandle)]
      if (message) delete message.receipt
    },
  }
}
