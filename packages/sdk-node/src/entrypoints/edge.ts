/**
 * Edge runtimes (workerd, Vercel Edge, Deno, Bun) and anything without Node modules: global
 * `fetch`, gzip with `CompressionStream` when the runtime has it. No `node:` import on this path.
 */
import { AnalyticsBase } from '../analytics.js'
import { webGzip } from '../compress/web.js'
import type { AnalyticsOptions } from '../options.js'
import type { Runtime } from '../runtime.js'

// The same exports in both entries, named one by one; the README test holds both to one list.
export type { AnalyticsClient, CloseResult } from '../client.js'
export type { Compress } from '../compress/compress.js'
export {
  ClosedError,
  ConfigError,
  DeliveryError,
  RequestAbortedError,
  ValidationError,
} from '../errors.js'
export type {
  AnalyticsEvents,
  AnalyticsStats,
  DropEvent,
  DropKind,
  FlushEvent,
} from '../events.js'
export type { AnalyticsOptions } from '../options.js'
export type {
  AliasParams,
  Callback,
  CommonParams,
  GroupParams,
  IdentifyParams,
  PageParams,
  ScreenParams,
  TrackParams,
} from '../params.js'
export { QUEUE_FULL_WARNING } from '../queue-full-warning.js'

/** A Node-compatible `process` when the runtime has one (Bun, Deno, workerd with nodejs_compat). */
const host = globalThis as {
  process?: { emitWarning?: (message: string, options: { code: string }) => void }
}

const edgeRuntime = (): Runtime => ({
  compress: webGzip(),
  // Isolates have about 128 MB: the queue's 16 MB of JSON costs ~26 MB of heap.
  maxQueueBytes: 16_000_000,
  warn(message, code) {
    if (host.process?.emitWarning) host.process.emitWarning(message, { code })
    else console.warn(`[${code}] ${message}`)
  },
})

export class Analytics extends AnalyticsBase {
  constructor(options: AnalyticsOptions) {
    super(options, edgeRuntime())
  }
}

export const createAnalytics = (options: AnalyticsOptions): Analytics => new Analytics(options)
