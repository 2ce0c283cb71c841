import type { StoredEvent } from '../event-store/event-store.js'
import type { SendOptions, Transport, TransportResult } from './transport.js'

export interface MemoryTransport extends Transport {
  /** Every send so far, in order. */
  sends: { events: StoredEvent[]; options: SendOptions }[]
  /** Messages of the sends that were answered 2xx, parsed. */
  delivered(): Record<string, unknown>[]
}

/**
 * A transport that records what it is given and answers from `respond` (default: 200), for tests
 * of the delivery loop and of code built on it. `respond` can inject any failure; when it throws,
 * the send answers status 0 with the error.
 */
export function createMemoryTransport(
  respond: (
    events: readonly StoredEvent[],
    n: number,
  ) => TransportResult | Promise<TransportResult> = () => ({
    status: 200,
  }),
): MemoryTransport {
  const sends: MemoryTransport['sends'] = []
  const ok: StoredEvent[] = []
  return {
    sends,
    delivered: () => ok.map((e) => JSON.parse(e.json)),
    async send(events, options = {}) {
      sends.push({ events: [...events], options })
      let result: TransportResult
      try {
        result = await respond(events, sends.length - 1)
      } catch (error) {
        return { status: 0, error } // like every transport: a failure is a result, never a throw
      }
      if (result.status >= 200 && result.status < 300) ok.push(...events)
      return result
    },
  }
}
