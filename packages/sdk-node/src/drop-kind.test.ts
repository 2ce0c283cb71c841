import {
  createMemoryStore,
  createMemoryTransport,
  type Dispatcher,
  type DispatcherOptions,
  type EventStore,
} from '@clickstream/sdk-core'
import { testEvent } from '@clickstream/sdk-core/testing'
import { describe, expect, it, vi } from 'vitest'
import { createClient } from './client.js'
import type { DropEvent, DropKind } from './events.js'

/**
 * The fault injected: every reason the core dispatcher gives for a drop is reworded to one
 * misleading sentence. Kinds come from the dispatcher's codes, so none may change; a client that
 * read kinds out of the reason would call every drop `queue-full`.
 */
const REWORDED = 'queue full'

vi.mock('../../sdk-core/src/dispatcher/dispatcher.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../sdk-core/src/dispatcher/dispatcher.js')>()
  return {
    ...real,
    createDispatcher(options: DispatcherOptions): Dispatcher {
      const dispatcher = real.createDispatcher(options)
      return {
        ...dispatcher,
        on: ((type, listener: (payload: unknown) => void) =>
          dispatcher.on(
            type,
            type === 'dropped' ? (payload) => listener({ ...payload, reason: REWORDED }) : listener,
          )) as Dispatcher['on'],
      }
    },
  }
})

/** Runs `scenario` on a client and returns the drops it reported, with the stats' counts. */
async function drops(
  options: Partial<Parameters<typeof createClient>[0]>,
  scenario: (client: ReturnType<typeof createClient>) => Promise<unknown>,
) {
  const client = createClient(
    { writeKey: 'k', transport: createMemoryTransport(), retryBaseDelay: 1, ...options },
    { compress: undefined, maxQueueBytes: 16_000_000, warn: () => {} },
  )
  const seen: DropEvent[] = []
  client.on('drop', (d) => seen.push(d))
  await scenario(client)
  await client.closeAndFlush({ timeout: 1000 })
  const counted = Object.entries(client.stats().dropped).filter(([, n]) => n > 0)
  return { kinds: seen.map((d) => d.kind), reasons: seen.map((d) => d.reason), counted }
}

/** A queue that already holds an event older than the dispatcher's `maxAge` (7 days). */
const staleStore = async (): Promise<EventStore> => {
  const store = createMemoryStore()
  await store.add(testEvent(40, Date.now() - 8 * 86_400_000))
  return store
}

const failingStore = (): EventStore => ({
  ...createMemoryStore(),
  add: () => Promise.reject(new Error('disk full')),
})

type Options = Parameters<typeof drops>[0]
type Scenario = Parameters<typeof drops>[1]

const trackAndFlush: Scenario = async (c) => {
  c.track({ userId: 'u', event: 'x' })
  await c.flush()
}

describe('drop kinds', () => {
  const cases: [DropKind, () => Promise<Options>, Scenario][] = [
    [
      'queue-full',
      async () => ({ maxQueueEvents: 1 }),
      async (c) => {
        c.track({ userId: 'u', event: 'kept' })
        c.track({ userId: 'u', event: 'refused' })
      },
    ],
    [
      'rejected',
      async () => ({ transport: createMemoryTransport(() => ({ status: 400 })) }),
      trackAndFlush,
    ],
    [
      'retries-exhausted',
      async () => ({ transport: createMemoryTransport(() => ({ status: 500 })), maxRetries: 1 }),
      trackAndFlush,
    ],
    ['expired', async () => ({ store: await staleStore() }), (c) => c.flush()],
    ['queue-failed', async () => ({ store: failingStore() }), trackAndFlush],
  ]

  it.each(cases)('%s comes from the code, whatever the reason says', async (kind, options, run) => {
    const { kinds, reasons, counted } = await drops(await options(), run)
    expect(kinds).toEqual([kind])
    expect(reasons).toEqual([REWORDED])
    expect(counted).toEqual([[kind, 1]])
  })

  it('closed is the client’s own kind, with its own reason', async () => {
    const { kinds, counted } = await drops({}, async (c) => {
      void c.closeAndFlush()
      c.track({ userId: 'u', event: 'late' })
    })
    expect(kinds).toEqual(['closed'])
    expect(counted).toEqual([['closed', 1]])
  })
})
