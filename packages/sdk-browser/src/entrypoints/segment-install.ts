import type { Message } from '@clickstream/schema'
import { createEmitter, isObject } from '@clickstream/sdk-core'
import { type Analytics, type CallOptions, type CallResult, createAnalytics } from '../analytics.js'
import { ANONYMOUS_ID } from '../identity.js'
import type { AnalyticsOptions } from '../options.js'
import { createPersistence } from '../persistence.js'

type Fn = (...args: unknown[]) => unknown
type Props = Record<string, unknown>
/** The buffered page context Segment's snippet 5.x appends to page/track/identify/group/alias/screen. */
type Bpc = { __t: 'bpc'; c?: string; p: string; u: string; s: string; t: string; r: string }
/** The stock snippet's `window.analytics`: an array of `[method, ...args]` plus its own fields. */
type SnippetQueue = unknown[][] & {
  initialized?: boolean
  _writeKey?: string
  _loadOptions?: LoadOptions
  SNIPPET_VERSION?: string
}
/** Segment's documented `load()` options: these are mapped, the others ignored (a warning under debug). */
interface LoadOptions {
  integrations?: Props & { 'Segment.io'?: { apiHost?: string; protocol?: string } }
  cookie?: { domain?: string; maxage?: number }
  disableClientPersistence?: boolean
  initialPageview?: boolean
  [option: string]: unknown
}
/** Segment's middleware: `({ payload: { obj }, integrations, next }) => void`; `next(null)` drops. */
type Middleware = (input: {
  payload: { obj: Message }
  integrations: Props
  next: (payload: { obj: Message } | null) => void
}) => unknown

type Elements = Element | ArrayLike<Element> | null | undefined
type Track = (elements: Elements, event: unknown, properties?: unknown) => SegmentAnalytics

/** What `window.analytics` becomes: our calls, plus the methods Segment's snippet stubs. */
export interface SegmentAnalytics extends Omit<Analytics, 'on'> {
  initialized: true
  /** Does nothing: the snippet loaded this script already. */
  load(): void
  /** Call events (`track`, `page`, …, `reset`) and delivery events (`delivered`, `dropped`, `error`). */
  on(type: string, listener: Fn): SegmentAnalytics
  once(type: string, listener: Fn): SegmentAnalytics
  off(type: string, listener: Fn): SegmentAnalytics
  trackLink: Track
  trackClick: Track
  trackForm: Track
  trackSubmit: Track
  pageview(url?: string): Promise<CallResult>
  /** Sets the anonymous id (persisted) when given one; returns the anonymous id. */
  setAnonymousId(id?: string): string
  addSourceMiddleware(middleware: Middleware): SegmentAnalytics
  addIntegrationMiddleware(): void
  addDestinationMiddleware(): void
  register(): void
}

/** The calls whose queued entries carry a buffered page context (and that `on` listeners hear). */
const CALLS = ['track', 'page', 'screen', 'identify', 'group', 'alias']

/** Segment's `createPageContext`: the canonical URL wins over the address (its query kept). */
const pageOf = ({ c, p, u, s, t, r }: Bpc): Props => ({
  path: c ? new URL(c, u).pathname : p,
  referrer: r,
  search: s,
  title: t,
  url: c ? (c.includes('?') ? c : c + s) : u.split('#')[0],
})

/**
 * Puts a queued call's arguments in their full positional form (Segment's optional arguments),
 * with the buffered page as the call's `context.page` (and, for `page`, under its properties).
 */
function withPage(method: string, args: unknown[], page: Props): unknown[] {
  const pageLike = method === 'page' || method === 'screen'
  const leading = pageLike || method === 'alias' ? 2 : 1
  let i = 0
  while (i < leading && !isObject(args[i])) i++
  const head = args.slice(0, i)
  // page('Home') names the page: a lone string is the name, not the category.
  while (head.length < leading) pageLike ? head.unshift(undefined) : head.push(undefined)
  const rest = args.slice(i)
  let properties = method === 'alias' ? undefined : rest.shift()
  const opts = (rest[0] ?? {}) as CallOptions
  const context = opts.context ?? {}
  const call = { ...opts, context: { ...context, page: { ...page, ...(context.page as Props) } } }
  if (method === 'alias') return [...head, call]
  if (method === 'page' && (properties == null || isObject(properties))) {
    properties = { ...page, ...properties }
  }
  // Our page() reads a missing name as "no category": hand it the short forms.
  if (pageLike && head[1] == null) return [properties ?? {}, call]
  return [...head, properties, call]
}

/**
 * Installs the Segment-compatible `window.analytics` for Segment's stock snippet (served at
 * `/analytics.js/v1/<writeKey>/analytics.min.js`): takes the write key from the snippet (or the
 * script's path), the collector from the script's origin, the snippet's `load()` options, and
 * replays the snippet's queue in order, each call with the page it was made on.
 */
export function installSegment(
  win: Window & Record<string, unknown>,
  script: HTMLScriptElement | null,
  overrides: Partial<AnalyticsOptions> = {},
): SegmentAnalytics | undefined {
  const key = script?.dataset.globalSegmentAnalyticsKey || 'analytics'
  const queue = (win[key] ?? []) as SnippetQueue
  if (!Array.isArray(queue) || queue.initialized) return undefined
  const src = script?.src ?? ''
  const loadOptions = queue._loadOptions ?? {}
  const {
    integrations: { 'Segment.io': segment, ...integrations } = {},
    cookie = {},
    disableClientPersistence,
    initialPageview,
    ...ignored
  } = loadOptions
  const apiHost = segment?.apiHost
  const options: AnalyticsOptions = {
    writeKey: queue._writeKey ?? src.match(/\/analytics\.js\/v1\/([^/]+)\//)?.[1] ?? '',
    // Segment.io's apiHost (`collect.example.com/v1`) if set, else where this script came from.
    host:
      typeof apiHost === 'string'
        ? `${segment?.protocol ?? 'https'}://${apiHost.replace(/\/v1\/?$/, '')}`
        : src && new URL(src).origin,
    cookieDomain: cookie.domain,
    cookieDays: cookie.maxage, // days, as analytics.js reads it
    storage: disableClientPersistence ? 'memory' : undefined,
  }
  const instance = createAnalytics({ ...options, ...overrides })
  let debugging = false
  const warn = (message: string) => {
    if (debugging) console.warn(`[clickstream] ${message}`)
  }
  const events = createEmitter<Record<string, unknown[]>>()
  let listening: [string, Fn, () => void, () => void][] = []
  // Load-time integrations go on every event, under the call's own (`{}` without any, as analytics.js).
  instance.use((message) => {
    message.integrations = { ...integrations, ...message.integrations }
  })

  const api = { ...instance } as unknown as SegmentAnalytics
  const methods = api as unknown as Record<string, Fn>
  for (const method of CALLS) {
    methods[method] = (...args) => {
      const bpc = args[args.length - 1] as Bpc | undefined
      if (isObject(bpc) && bpc.__t === 'bpc')
        args = withPage(method, args.slice(0, -1), pageOf(bpc))
      const result = (instance[method as 'track'] as Fn)(...args) as Promise<CallResult>
      // Listeners hear the call's arguments once it is queued, and its message last.
      result.then((r) => r.ok && events.emit(method, [...args, r.message]))
      return result
    }
  }
  /** trackLink/trackForm: track on the event, then follow the link / submit the form once queued. */
  const bind =
    (type: 'click' | 'submit') =>
    (elements: unknown, event: unknown, properties?: unknown): SegmentAnalytics => {
      const list = (elements instanceof Element ? [elements] : (elements ?? [])) as Iterable<
        HTMLAnchorElement & HTMLFormElement
      >
      for (const el of list) {
        el.addEventListener(type, (e) => {
          const read = (v: unknown) => (typeof v === 'function' ? v(el) : v)
          const queued = Promise.race([
            instance.track(read(event), read(properties)),
            new Promise((resolve) => setTimeout(resolve, 300)),
          ])
          const mouse = e as MouseEvent
          const href = el.getAttribute('href')
          const newTab = el.target === '_blank' || mouse.metaKey || mouse.ctrlKey
          if (type === 'submit' || (href && !newTab)) {
            e.preventDefault()
            queued.then(() => (type === 'submit' ? el.submit() : location.assign(href as string)))
          }
        })
      }
      return api
    }
  const link = bind('click')
  const form = bind('submit')
  Object.assign(api, {
    initialized: true,
    load() {}, // loaded already: the snippet called it
    trackLink: link,
    trackClick: link,
    trackForm: form,
    trackSubmit: form,
    pageview: (url?: string) => api.page(url ? { path: url } : {}),
    reset() {
      events.emit('reset', [])
      return instance.reset()
    },
    debug(on = true) {
      debugging = on
      instance.debug(on)
    },
    setAnonymousId(id?: string) {
      if (id) createPersistence(options).write(ANONYMOUS_ID, id, true)
      return instance.user().anonymousId()
    },
    on(type: string, listener: Fn) {
      // Call events here, delivery events (delivered, dropped, error) from the queue.
      listening.push([
        type,
        listener,
        events.on(type, (args) => listener(...args)),
        instance.on(type as 'error', listener as never),
      ])
      return api
    },
    once(type: string, listener: Fn) {
      const once: Fn = (...args) => {
        api.off(type, once)
        listener(...args)
      }
      return api.on(type, once)
    },
    off(type: string, listener: Fn) {
      listening = listening.filter(([t, l, offCall, offDelivery]) => {
        const keep = t !== type || l !== listener
        if (!keep) {
          offCall()
          offDelivery()
        }
        return keep
      })
      return api
    },
    addSourceMiddleware(middleware: Middleware) {
      instance.use(
        (obj) =>
          new Promise((resolve) => {
            let called = false
            const next = (payload: { obj: Message } | null) => {
              called = true
              resolve(payload ? payload.obj : null)
            }
            // A middleware that finishes without calling next drops the event (never waits forever).
            Promise.resolve(
              middleware({ payload: { obj }, integrations: obj.integrations ?? {}, next }),
            ).then(
              () => called || resolve(null),
              () => resolve(null),
            )
          }),
      )
      return api
    },
  })
  // No destinations run in the browser here: documented no-ops.
  for (const name of ['addIntegrationMiddleware', 'addDestinationMiddleware', 'register']) {
    methods[name] = () => warn(`${name}: not supported`)
  }
  win[key] = api
  for (const [method, ...args] of queue.splice(0) as [string, ...unknown[]][]) {
    const fn = methods[method]
    fn ? fn(...args) : warn(`${method}: unknown`)
  }
  if (loadOptions.initialPageview) api.page()
  for (const name in ignored) warn(`load option ${name}: ignored`)
  return api
}
