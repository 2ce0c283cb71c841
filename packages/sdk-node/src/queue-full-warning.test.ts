import { afterEach, describe, expect, it } from 'vitest'
import { type Analytics, createAnalytics } from './entrypoints/node.js'
import { ClosedError } from './errors.js'
import { QUEUE_FULL_WARNING } from './queue-full-warning.js'

/** Never answers: whatever is queued stays queued. */
const hung = { send: () => new Promise<never>(() => {}) }
const clients: Analytics[] = []
const open = (options: Partial<Parameters<typeof createAnalytics>[0]> = {}) => {
  const analytics = createAnalytics({ writeKey: 'k', transport: hung, ...options })
  clients.push(analytics)
  return analytics
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.closeAndFlush({ timeout: 1 })))
})

/**
 * The process warnings `act` causes, in order. Node emits warnings on a later tick, in order: a
 * marker warning emitted after `act` arrives after all of them.
 */
async function warningsOf(act: () => void | Promise<void>): Promise<Error[]> {
  const seen: Error[] = []
  const marker = `marker-${Math.random()}`
  let done: () => void = () => {}
  const markerSeen = new Promise<void>((resolve) => {
    done = resolve
  })
  const listener = (warning: Error) => {
    if (warning.message === marker) done()
    else seen.push(warning)
  }
  process.on('warning', listener)
  try {
    await act()
    await new Promise(setImmediate) // let the queue settle its adds
    process.emitWarning(marker)
    await markerSeen
  } finally {
    process.off('warning', listener)
  }
  return seen.filter((w) => (w as { code?: string }).code === QUEUE_FULL_WARNING)
}

const burst = (analytics: Analytics, n: number) => {
  for (let i = 0; i < n; i++) analytics.track({ userId: 'u', event: `e${i}` })
}

describe(`the ${QUEUE_FULL_WARNING} process warning`, () => {
  it('comes once per client at its first queue-full drop, naming the bound to raise', async () => {
    const [a, b] = [open({ maxQueueEvents: 2 }), open({ maxQueueBytes: 40_000 })]
    const warnings = await warningsOf(() => {
      burst(a, 10)
      b.track({ userId: 'u', event: 'big', properties: { pad: 'x'.repeat(30_000) } })
      b.track({ userId: 'u', event: 'big', properties: { pad: 'x'.repeat(30_000) } })
      b.track({ userId: 'u', event: 'big', properties: { pad: 'x'.repeat(30_000) } })
    })
    expect(a.stats().dropped['queue-full']).toBe(8)
    expect(b.stats().dropped['queue-full']).toBe(2)
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/queue is full \(maxQueueEvents: 2\).*Raise maxQueueEvents/),
      expect.stringMatching(/queue is full \(maxQueueBytes: 40000 bytes\).*waitForRoom/),
    ])
    expect(await warningsOf(() => burst(a, 5))).toEqual([])
  })

  it('is not emitted while a drop listener is subscribed, and is once it unsubscribes', async () => {
    const analytics = open({ maxQueueEvents: 1 })
    const drops: string[] = []
    const off = analytics.on('drop', (d) => drops.push(d.kind))
    expect(await warningsOf(() => burst(analytics, 3))).toEqual([])
    expect(drops).toEqual(['queue-full', 'queue-full'])
    off()
    off() // twice is harmless
    expect(await warningsOf(() => burst(analytics, 3))).toHaveLength(1)
  })
})

describe('waitForRoom', () => {
  it('resolves at once while there is room and waits while the queue is full', async () => {
    const analytics = open({ maxQueueEvents: 3 })
    await analytics.waitForRoom()
    burst(analytics, 3)
    let settled = false
    void analytics.waitForRoom().then(
      () => (settled = true),
      () => (settled = true),
    )
    await new Promise(setImmediate)
    expect(settled).toBe(false)
  })

  it('rejects with a ClosedError when the client closes: waiting and later calls', async () => {
    const analytics = open({ maxQueueEvents: 1 })
    burst(analytics, 1)
    const waiting = analytics.waitForRoom()
    const closed = analytics.closeAndFlush({ timeout: 1 })
    await expect(waiting).rejects.toBeInstanceOf(ClosedError)
    await expect(analytics.waitForRoom()).rejects.toThrow(/closeAndFlush was called/)
    expect(await closed).toEqual({ flushed: false, pending: 1 })
  })
})
