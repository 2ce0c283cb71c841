import { MAX_MESSAGE_BYTES } from '@clickstream/schema/lite'

/**
 * What a client has handed to its queue and not yet seen leave it (delivered or dropped), held
 * against the queue's bounds: the backpressure behind `waitForRoom()`. Counted from the call, so
 * an event is counted before the store has it; the bounds are the options', also with a custom
 * `store`.
 */
export interface QueueRoom {
  /** UTF-8 JSON bytes counted. */
  readonly bytes: number
  /** Events counted. */
  readonly count: number
  /** An event of `bytes` was handed to the queue. */
  add(bytes: number): void
  /** These events left the queue. */
  remove(events: readonly { bytes: number }[]): void
  /**
   * Resolves at once while one more event of the largest size (32 KB) fits; otherwise once the
   * queue is down to half its bounds (so a producer woken up has room for many events, not one).
   * Rejects with the `close` error once closed.
   */
  wait(): Promise<void>
  /** Rejects every waiting and later `wait` with `error`. */
  close(error: Error): void
}

interface Waiter {
  resolve(): void
  reject(error: Error): void
}

export function createQueueRoom(bounds: { maxBytes: number; maxEvents: number }): QueueRoom {
  const { maxBytes, maxEvents } = bounds
  const lowBytes = Math.min(maxBytes / 2, maxBytes - MAX_MESSAGE_BYTES)
  const lowEvents = Math.min(Math.floor(maxEvents / 2), maxEvents - 1)
  let waiters: Waiter[] = []
  let closed: Error | undefined
  const room: QueueRoom & { bytes: number; count: number } = {
    bytes: 0,
    count: 0,
    add(bytes) {
      room.bytes += bytes
      room.count++
    },
    remove(events) {
      for (const e of events) room.bytes -= e.bytes
      room.count -= events.length
      if (waiters.length === 0 || room.bytes > lowBytes || room.count > lowEvents) return
      const woken = waiters
      waiters = []
      for (const w of woken) w.resolve()
    },
    wait() {
      if (closed) return Promise.reject(closed)
      if (room.bytes + MAX_MESSAGE_BYTES <= maxBytes && room.count < maxEvents)
        return Promise.resolve()
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
    },
    close(error) {
      closed = error
      for (const w of waiters) w.reject(error)
      waiters = []
    },
  }
  return room
}
