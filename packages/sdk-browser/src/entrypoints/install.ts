import { createAnalytics } from '../analytics.js'
import type { AnalyticsOptions } from '../options.js'

/** Methods the snippet stubs and the global object forwards, in Segment's names. */
export const METHODS =
  'track page screen identify group alias reset user ready flush use optOut optIn consent debug on'.split(
    ' ',
  )

type Call = [method: string, args: unknown[], resolve?: (value: unknown) => void]
type Global = Record<string, (...args: unknown[]) => unknown> & {
  load(writeKey: string, options?: Partial<AnalyticsOptions>): void
}

/**
 * Installs `window.analytics` for the script tag. Calls made before `load` (through the snippet's
 * stub, or on this object) are kept and replayed in order once `load(writeKey, options)` runs;
 * the snippet's promises settle with the real results.
 */
export function install(win: Window & { analytics?: unknown }): Global {
  const existing = win.analytics as (Call[] & { invoked?: unknown }) | undefined
  // The snippet's queue; its `load` entries replay as no-ops once loaded.
  const queue = Array.isArray(existing) ? existing : []
  if (existing?.invoked && existing !== queue) return existing as unknown as Global
  let instance: Record<string, (...args: unknown[]) => unknown> | undefined

  const api = {
    invoked: true,
    load(writeKey: string, options?: Partial<AnalyticsOptions>) {
      if (instance) return
      instance = createAnalytics({ ...options, writeKey }) as unknown as typeof instance
      for (const [method, args, resolve] of queue.splice(0)) resolve?.(api[method]?.(...args))
    },
  } as unknown as Global
  for (const method of METHODS) {
    api[method] = (...args) =>
      instance
        ? instance[method]?.(...args)
        : new Promise((resolve) => queue.push([method, args, resolve]))
  }
  win.analytics = api
  const load = queue.find(([method]) => method === 'load')
  if (load) api.load(...(load[1] as [string]))
  return api
}
