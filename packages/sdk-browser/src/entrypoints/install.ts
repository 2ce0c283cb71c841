import { type Analytics, createAnalytics } from '../analytics.js'
import type { AnalyticsOptions } from '../options.js'

/** Methods the snippet stubs and the global object forwards, in Segment's names. */
export const METHODS = [
  'track',
  'page',
  'screen',
  'identify',
  'group',
  'alias',
  'reset',
  'user',
  'ready',
  'flush',
  'use',
  'optOut',
  'optIn',
  'debug',
  'on',
] as const

type Call = [method: string, args: unknown[], resolve?: (value: unknown) => void]
type Global = Record<string, unknown> & {
  load(writeKey: string, options?: Partial<AnalyticsOptions>): void
}

/**
 * Installs `window.analytics` for the script tag. Calls made before `load` (through the snippet's
 * stub, or on this object) are kept and replayed in order once `load(writeKey, options)` runs;
 * the snippet's promises settle with the real results.
 */
export function install(win: Window & { analytics?: unknown }): Global {
  const existing = win.analytics
  if (existing && !Array.isArray(existing) && (existing as { invoked?: unknown }).invoked)
    return existing as Global
  const queue: Call[] = Array.isArray(existing) ? [...(existing as Call[])] : []
  let instance: Analytics | undefined
  const pending: Call[] = []

  const invoke = ([method, args, resolve]: Call) => {
    const fn = (instance as unknown as Record<string, unknown>)[method]
    const result = typeof fn === 'function' ? fn(...args) : undefined
    resolve?.(result)
    return result
  }

  const api: Global = {
    invoked: true,
    load(writeKey, options) {
      if (instance) return
      instance = createAnalytics({ ...options, writeKey })
      for (const call of pending.splice(0)) invoke(call)
    },
  }
  for (const method of METHODS) {
    api[method] = (...args: unknown[]) =>
      instance
        ? invoke([method, args])
        : new Promise((resolve) => pending.push([method, args, resolve]))
  }
  win.analytics = api

  const load = queue.find(([method]) => method === 'load')
  for (const call of queue) if (call[0] !== 'load') pending.push(call)
  if (load) api.load(...(load[1] as [string, Partial<AnalyticsOptions>]))
  return api
}
