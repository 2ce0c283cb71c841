import { createAnalytics } from '@clickstream/sdk-node'
import { generateJourneys, type JourneyOptions, type SimulatedCall } from './journeys.js'
import { createRandom } from './random.js'

export interface SimulationOptions {
  /** @default 200 */
  users?: number
  /** @default 20000 */
  events?: number
  /** Calls per second handed to the SDK. @default 500 */
  rate?: number
  /** Each call is held back a random 0..maxDelay ms, so arrival order differs from time order. @default 0 */
  maxDelayMs?: number
  /** Share of calls replaced by invalid events (sent raw: the SDK refuses invalid input). @default 0 */
  invalid?: number
  /** @default 'http://127.0.0.1:8080' */
  host?: string
  /** @default 'dev-write-key' */
  writeKey?: string
  /** The write key of the shop's backend (its `Payment Captured`, `Order Shipped`). @default writeKey */
  serverWriteKey?: string
  /** First visits are spread over this many days before now (the dashboard's day view). @default 7 */
  days?: number
  /** The pipeline's inactivity gap: idle periods in the journeys are longer. @default 30 min */
  gapMs?: number
  /** @default 42 */
  seed?: number
  /** SDK batch size. @default 100 */
  batchSize?: number
  onProgress?: (progress: { handed: number; total: number; delivered: number }) => void
}

export interface SimulationSummary {
  /** Valid calls handed to the Node SDK. */
  sent: number
  /** Events the collector acknowledged (2xx), as the SDK reports them. */
  accepted: number
  /** Invalid events the collector rejected with reasons. */
  rejected: number
  /** Sends the SDK retried. */
  retried: number
  /** Events the SDK gave up on. */
  dropped: number
  seconds: number
  eventsPerSecond: number
  /** messageIds of the valid calls, for checks. */
  messageIds: string[]
  /** Distinct partition keys (`anonymousId ?? userId`) of the valid calls: browsers and backend users. */
  keys: number
}

export type ResolvedSimulationOptions = Required<
  Omit<SimulationOptions, 'onProgress' | 'serverWriteKey'>
> &
  Pick<SimulationOptions, 'onProgress' | 'serverWriteKey'>

/** Defaults filled in; options given as undefined (flags not passed) keep their defaults. */
export function resolveSimulationOptions(
  options: SimulationOptions = {},
): ResolvedSimulationOptions {
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  )
  return {
    users: 200,
    events: 20_000,
    rate: 500,
    maxDelayMs: 0,
    invalid: 0,
    host: 'http://127.0.0.1:8080',
    writeKey: 'dev-write-key',
    days: 7,
    gapMs: 30 * 60_000,
    seed: 42,
    batchSize: 100,
    ...given,
  }
}

/**
 * The journeys of `o`, shifted so the last call is a minute before `now`: each user's sessions are
 * spread over the hours before, and no timestamp is in the future (the collector would correct it).
 */
export function journeysEndingBefore(
  o: Omit<JourneyOptions, 'start'>,
  now: number,
): SimulatedCall[] {
  const calls = generateJourneys({ ...o, start: 0 })
  const shift = now - 60_000 - (calls.at(-1)?.at ?? 0)
  return calls.map((call) => ({ ...call, at: call.at + shift }))
}

const invalidEvents = [
  (c: SimulatedCall) => ({
    type: 'track',
    anonymousId: c.anonymousId ?? 'a-backend-call',
    properties: { note: 'no event name' },
  }),
  (c: SimulatedCall) => ({
    type: 'page',
    anonymousId: c.anonymousId ?? 'a-backend-call',
    timestamp: 'yesterday',
  }),
  () => ({ type: 'track', event: 'No ids at all' }),
  (c: SimulatedCall) => ({ type: 'click', anonymousId: c.anonymousId ?? 'a-backend-call' }),
]

/**
 * Sends realistic shop journeys through the Node SDK at a steady rate (the original tutorials' data
 * generators, grown up): campaigns and referrers, devices and countries, browsing, carts, checkouts,
 * sign-ups mid-visit, second devices, shared computers, bots, the backend's calls (userId only,
 * through a second SDK with `serverWriteKey`) and idle gaps that start new sessions, over the
 * `days` before now (never after it). Resolves when everything is delivered or given up on.
 */
export async function runSimulation(options: SimulationOptions = {}): Promise<SimulationSummary> {
  const o = resolveSimulationOptions(options)
  const random = createRandom(o.seed + 1)
  const calls = journeysEndingBefore({ ...o, spanMs: o.days * 86_400_000 }, Date.now())
  const sdk = (writeKey: string) =>
    createAnalytics({
      writeKey,
      host: o.host,
      maxEventsInBatch: o.batchSize,
      flushInterval: 200,
      maxQueueEvents: Math.max(10_000, o.events),
      retryBaseDelay: 100,
      retryMaxDelay: 5_000,
      maxRetries: 1_000,
    })
  // The visitors' calls (sent through the Node SDK as a browser's would be) and the shop backend's.
  const browsers = sdk(o.writeKey)
  const backend = sdk(o.serverWriteKey ?? o.writeKey)
  const both = [browsers, backend]
  let delivered = 0
  for (const analytics of both)
    analytics.on('flush', ({ count }) => {
      delivered += count
    })
  const started = Date.now()
  const messageIds: string[] = []
  const keys = new Set<string>()
  let rejected = 0
  let handed = 0
  const raw: Promise<void>[] = []
  const held: Promise<void>[] = []

  const hand = (call: SimulatedCall) => {
    const analytics = call.origin === 'server' ? backend : browsers
    const common = {
      ...(call.anonymousId ? { anonymousId: call.anonymousId } : {}),
      ...(call.userId ? { userId: call.userId } : {}),
      timestamp: new Date(call.at),
      context: call.context,
    }
    if (call.type === 'page')
      return analytics.page({ ...common, name: call.name, properties: call.properties })
    if (call.type === 'identify') return analytics.identify({ ...common, traits: call.traits })
    return analytics.track({ ...common, event: call.event as string, properties: call.properties })
  }
  const sendInvalid = async (call: SimulatedCall) => {
    const body = JSON.stringify({ batch: [random.pick(invalidEvents)(call)] })
    try {
      const res = await fetch(`${o.host}/v1/batch`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${btoa(`${o.writeKey}:`)}`,
        },
        body,
      })
      const answer = (await res.json()) as { rejected?: unknown[] }
      rejected += answer.rejected?.length ?? 0
    } catch {
      // a raw send that fails is simply not counted
    }
  }

  const tick = 20
  const perTick = Math.max(1, Math.round((o.rate * tick) / 1000))
  for (let i = 0; i < calls.length; i += perTick) {
    for (const call of calls.slice(i, i + perTick)) {
      if (o.invalid > 0 && random.chance(o.invalid)) {
        raw.push(sendInvalid(call))
        continue
      }
      const go = () => {
        messageIds.push(hand(call))
        keys.add((call.anonymousId ?? call.userId) as string)
      }
      if (o.maxDelayMs > 0)
        held.push(new Promise((r) => setTimeout(() => r(go()), random.int(0, o.maxDelayMs))))
      else go()
    }
    handed = Math.min(calls.length, i + perTick)
    o.onProgress?.({ handed, total: calls.length, delivered })
    const due = started + ((i + perTick) / o.rate) * 1000
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
  }
  await Promise.all(held)
  await Promise.all(raw)
  await Promise.all(both.map((analytics) => analytics.flush()))
  o.onProgress?.({ handed, total: calls.length, delivered })
  await Promise.all(both.map((analytics) => analytics.closeAndFlush({ timeout: 30_000 })))
  const stats = both.map((analytics) => analytics.stats())
  const seconds = (Date.now() - started) / 1000
  const sum = (of: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + of(s), 0)
  const accepted = sum((s) => s.delivered)
  return {
    sent: messageIds.length,
    accepted,
    rejected,
    retried: sum((s) => s.retries),
    dropped: sum((s) => Object.values(s.dropped).reduce((a, b) => a + b, 0)),
    seconds,
    eventsPerSecond: Math.round(accepted / seconds),
    messageIds,
    keys: keys.size,
  }
}
