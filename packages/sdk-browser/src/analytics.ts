import type { Message, MessageType } from '@clickstream/schema'
import {
  composeMessage,
  type DispatcherEvents,
  errorText,
  isObject,
  type MessageInput,
  serializeMessage,
} from '@clickstream/sdk-core'
import { browserContext, pageInfo } from './context.js'
import { startDelivery } from './delivery.js'
import { createIdentity, type Traits, type User } from './identity.js'
import { type AnalyticsOptions, resolveAnalyticsOptions } from './options.js'
import { createPersistence } from './persistence.js'
import type { Plugin } from './plugin.js'

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
  /**
   * Forgets the user id and traits, starts a new anonymous id and clears the queue: the previous
   * user's events are not sent. Settles when the queue is cleared.
   */
  reset(): Promise<void>
  user(): User
  /** Calls `callback` once the queue storage is open; the promise settles then too. */
  ready(callback?: () => void): Promise<void>
  /** Sends everything queued now; settles when it is delivered or dropped (or when offline). */
  flush(): Promise<void>
  use(plugin: Plugin): Analytics
  /**
   * Stops tracking on this browser (persisted) until `optIn`, and clears the queue: nothing queued
   * is sent. Settles when the queue is cleared.
   */
  optOut(): Promise<void>
  optIn(): void
  /**
   * The visitor's consent categories (replacing earlier ones), stamped on every event from now on
   * and on the calls that waited for consent, which are then queued in order.
   */
  consent(categories: Record<string, boolean>): void
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

/** The Segment-compatible analytics object for npm users; the script tag wraps the same thing. */
export function createAnalytics(options: AnalyticsOptions): Analytics {
  const o = resolveAnalyticsOptions(options)
  const plugins = [...(o.plugins ?? [])]
  let debugging = o.debug
  const log = (message: string) => {
    if (debugging) console.warn(`[clickstream] ${message}`)
  }
  const persistence = createPersistence(o)
  const identity = createIdentity(persistence)
  const signal =
    o.honorPrivacySignals &&
    ((navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl ||
      navigator.doNotTrack === '1')
  const optedOut = () => signal || persistence.read(OPT_OUT) === '1'
  const { dispatcher, ready, stop } = startDelivery(o, log, optedOut())
  let categories = o.consent?.categories
  const drop = o.consent?.wait === 'drop'
  let consentKnown = () => {}
  // Calls chain on `tail`, which holds them while consent is unknown (unless they are dropped).
  let tail: Promise<unknown> =
    o.consent && !categories && !drop
      ? new Promise<void>((resolve) => {
          consentKnown = resolve
        })
      : Promise.resolve()
  /** Bumped by optOut and reset: calls made before them are not queued. */
  let generation = 0
  const clear = () => {
    generation++
    return dispatcher.clear()
  }

  /**
   * Reads what belongs to the call's moment (time, page, identity, opt-out) now; composing,
   * plugins and queueing then run in call order. Every failure is a reason (`<type>: …`), never
   * a rejection: the steps return theirs, and invalid input throws an `InvalidMessageError`.
   */
  const call = (input: MessageInput, opts: unknown): Promise<CallResult> => {
    const now = Date.now()
    const callOptions = (isObject(opts) ? opts : {}) as CallOptions
    const off = optedOut() ? 'opted out' : drop && !categories && 'no consent'
    const called = generation
    const full: MessageInput = { ...callOptions, ...input }
    full.anonymousId ??= identity.anonymousId()
    full.userId ??= callOptions.userId ?? identity.id() // an absent userId in input is `undefined`
    const context = browserContext()
    const result = tail
      .then(async (): Promise<CallResult | string> => {
        if (off) return off
        if (categories) context.consent = { categoryPreferences: categories } // as known now
        let message = composeMessage(full, { context, now: () => now })
        for (const plugin of plugins) {
          const name = plugin.name || 'anonymous'
          let out: Awaited<ReturnType<Plugin>>
          try {
            out = await plugin(message) // a non-function "plugin" throws here too
          } catch (error) {
            return `plugin ${name} threw: ${errorText(error)}`
          }
          if (out === null || out === false) return `dropped by plugin ${name}`
          if (out) message = out
        }
        if (called !== generation) return 'cleared'
        return (await dispatcher.enqueue(serializeMessage(message, now)))
          ? { ok: true, message }
          : 'queue full'
      })
      .catch(errorText)
      .then((out) => {
        if (typeof out === 'object') return out
        const reason = `${input.type}: ${out}`
        log(`dropped: ${reason}`)
        return { ok: false as const, reason }
      })
    tail = result
    return result
  }

  /** Segment's `page([category], [name], [properties], [options])`, and `screen` alike. */
  const pageLike =
    (type: MessageType) =>
    (...args: unknown[]): Promise<CallResult> => {
      // Without a category the name comes first; without a name too, the properties.
      if (typeof args[1] !== 'string') args.unshift(undefined)
      if (isObject(args[1])) args.unshift(undefined)
      const [category, name, properties, opts] = args
      return call(
        {
          type,
          name,
          category,
          properties:
            type === 'page' && (properties == null || isObject(properties))
              ? { ...pageInfo(), ...properties }
              : properties,
        },
        opts,
      )
    }

  const analytics: Analytics = {
    track: (event, properties, opts) => call({ type: 'track', event, properties }, opts),
    page: pageLike('page'),
    screen: pageLike('screen'),
    identify(...args) {
      if (isObject(args[0])) args.unshift(null)
      const [userId, traits, opts] = args
      // Persisted now, so the calls that follow carry the user; bad input is left to the builder.
      const valid =
        (userId == null || typeof userId === 'string' || Number.isFinite(userId)) &&
        (traits == null || isObject(traits))
      if (valid) identity.identify(userId == null || userId === '' ? null : String(userId), traits)
      return call({ type: 'identify', userId, traits: valid ? identity.traits() : traits }, opts)
    },
    group: (groupId, traits, opts) => call({ type: 'group', groupId, traits }, opts),
    alias: (userId, previousId, opts) =>
      call(
        {
          type: 'alias',
          userId,
          previousId: previousId ?? identity.id() ?? identity.anonymousId(),
        },
        opts,
      ),
    reset() {
      identity.reset()
      return clear()
    },
    user: () => identity,
    ready: (callback) => ready.then(() => callback?.()).catch(() => {}), // a throwing callback is the host's bug
    flush: () => tail.then(() => dispatcher.flush()),
    use(plugin) {
      plugins.push(plugin)
      return analytics
    },
    optOut() {
      persistence.write(OPT_OUT, '1', true)
      return clear()
    },
    optIn: () => persistence.erase(OPT_OUT),
    consent(update) {
      categories = update
      consentKnown()
    },
    debug(on = true) {
      debugging = on
    },
    on: dispatcher.on,
    close: stop,
  }
  return analytics
}
