import type { Message, MessageType } from '@clickstream/schema'
import {
  composeMessage,
  type DispatcherEvents,
  errorText,
  type MessageInput,
  serializeMessage,
} from '@clickstream/sdk-core'
import { browserContext, pageInfo } from './context.js'
import { startDelivery } from './delivery.js'
import { createIdentity, type Traits } from './identity.js'
import { type AnalyticsOptions, resolveAnalyticsOptions } from './options.js'
import { createPersistence } from './persistence.js'
import { type Plugin, runPlugins } from './plugin.js'

/** Per-call options, as in Segment's API. */
export interface CallOptions {
  context?: Record<string, unknown>
  timestamp?: Date | string
  messageId?: string
  integrations?: Record<string, unknown>
  anonymousId?: string
  userId?: string
}

/** What a call settles with: the queued message, or why nothing was queued. Never a rejection. */
export type CallResult = { ok: true; message: Message } | { ok: false; reason: string }

type Props = Record<string, unknown>

export interface User {
  id(): string | null
  anonymousId(): string
  traits(): Traits
}

export interface Analytics {
  track(event: string, properties?: Props, options?: CallOptions): Promise<CallResult>
  page(
    category?: string | Props,
    name?: string | Props,
    properties?: Props | CallOptions,
    options?: CallOptions,
  ): Promise<CallResult>
  screen(
    category?: string | Props,
    name?: string | Props,
    properties?: Props | CallOptions,
    options?: CallOptions,
  ): Promise<CallResult>
  identify(
    userId?: string | Traits | null,
    traits?: Traits | CallOptions,
    options?: CallOptions,
  ): Promise<CallResult>
  group(groupId: string, traits?: Traits, options?: CallOptions): Promise<CallResult>
  alias(userId: string, previousId?: string, options?: CallOptions): Promise<CallResult>
  /** Forgets the user id and traits and starts a new anonymous id. */
  reset(): void
  user(): User
  /** Calls `callback` once the queue storage is open; the promise settles then too. */
  ready(callback?: () => void): Promise<void>
  /** Sends everything queued now; settles when it is delivered or dropped (or when offline). */
  flush(): Promise<void>
  use(plugin: Plugin): Analytics
  /** Stops tracking on this browser (persisted) until `optIn`. */
  optOut(): void
  optIn(): void
  debug(on?: boolean): void
  /** Delivery events: `delivered`, `dropped`, `error`. */
  on<K extends keyof DispatcherEvents>(
    type: K,
    listener: (payload: DispatcherEvents[K]) => void,
  ): () => void
  /** Detaches from the page (listeners, timers). Queued events stay for the next load. */
  close(): void
}

const OPT_OUT = 'cs_optout'
const isObject = (v: unknown): v is Props => typeof v === 'object' && v !== null

/** Segment's `page([category], [name], [properties], [options])` argument shapes. */
function pageArgs(a: unknown, b: unknown, c: unknown, d: unknown) {
  if (isObject(a)) return { properties: a, options: b }
  if (typeof b === 'string') return { category: a, name: b, properties: c, options: d }
  return { name: a, properties: b, options: c }
}

/** The Segment-compatible analytics object for npm users; the script tag wraps the same thing. */
export function createAnalytics(options: AnalyticsOptions): Analytics {
  const o = resolveAnalyticsOptions(options)
  const plugins = [...o.plugins]
  let debugging = o.debug
  const log = (message: string) => {
    if (debugging) console.warn(`[clickstream] ${message}`)
  }
  const persistence = createPersistence(o)
  const identity = createIdentity(persistence)
  const { dispatcher, ready, stop } = startDelivery(o, log)
  let tail: Promise<unknown> = Promise.resolve()

  /** Builds at call time; plugins and queueing run in call order. Never rejects. */
  const call = (input: MessageInput, opts: unknown): Promise<CallResult> => {
    const now = Date.now()
    const callOptions = (isObject(opts) ? opts : {}) as CallOptions
    const composed =
      persistence.get(OPT_OUT) === '1'
        ? { ok: false as const, reason: `${input.type}: opted out` }
        : composeMessage(
            {
              ...callOptions,
              ...input,
              anonymousId: callOptions.anonymousId ?? identity.anonymousId(),
              userId: input.userId ?? callOptions.userId ?? identity.userId(),
            },
            { context: browserContext(), now: () => now },
          )
    const run = async (): Promise<CallResult> => {
      if (!composed.ok) return composed
      const plugged = await runPlugins(plugins, composed.message)
      if (!plugged.ok) return { ok: false, reason: `${input.type}: ${plugged.reason}` }
      const built = serializeMessage(plugged.message, now)
      if (!built.ok) return built
      return (await dispatcher.enqueue(built.event))
        ? { ok: true, message: built.message }
        : { ok: false, reason: `${input.type}: queue full` }
    }
    const result = tail.then(run).then(
      (r) => {
        if (!r.ok) log(`dropped: ${r.reason}`)
        return r
      },
      (error) => ({ ok: false as const, reason: errorText(error) }),
    )
    tail = result
    return result
  }

  const pageLike = (type: MessageType) => (a?: unknown, b?: unknown, c?: unknown, d?: unknown) => {
    const args = pageArgs(a, b, c, d)
    const props = args.properties
    return call(
      {
        type,
        name: args.name,
        category: args.category,
        properties:
          type === 'page' && (props == null || isObject(props))
            ? { ...pageInfo(), ...props }
            : props,
      },
      args.options,
    )
  }

  const analytics: Analytics = {
    track: (event, properties, opts) => call({ type: 'track', event, properties }, opts),
    page: pageLike('page'),
    screen: pageLike('screen'),
    identify(a, b, c) {
      const [userId, traits, opts] = isObject(a) ? [null, a, b] : [a, b, c]
      const valid = userId == null || typeof userId === 'string' || Number.isFinite(userId)
      if (valid && (traits == null || isObject(traits))) {
        identity.identify(userId == null || userId === '' ? null : String(userId), traits as Traits)
      }
      return call(
        {
          type: 'identify',
          userId: valid ? (userId ?? undefined) : userId,
          traits: valid ? identity.traits() : traits,
        },
        opts,
      )
    },
    group: (groupId, traits, opts) => call({ type: 'group', groupId, traits }, opts),
    alias: (userId, previousId, opts) =>
      call(
        {
          type: 'alias',
          userId,
          previousId: previousId ?? identity.userId() ?? identity.anonymousId(),
        },
        opts,
      ),
    reset: () => identity.reset(),
    user: () => ({
      id: () => identity.userId(),
      anonymousId: () => identity.anonymousId(),
      traits: () => identity.traits(),
    }),
    ready: (callback) =>
      ready.then(() => {
        try {
          callback?.()
        } catch (error) {
          log(`ready callback threw: ${errorText(error)}`)
        }
      }),
    flush: () => tail.then(() => dispatcher.flush()),
    use(plugin) {
      plugins.push(plugin)
      return analytics
    },
    optOut: () => persistence.set(OPT_OUT, '1', true),
    optIn: () => persistence.remove(OPT_OUT),
    debug(on = true) {
      debugging = on
    },
    on: dispatcher.on,
    close: stop,
  }
  return analytics
}
