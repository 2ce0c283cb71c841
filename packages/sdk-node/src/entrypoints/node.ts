/**
 * Node (servers, Lambda): like the edge entry, with gzip from `node:zlib`, `node:http` requests,
 * a queue sized for bursts and process warnings.
 */
import { getHeapStatistics } from 'node:v8'
import { AnalyticsBase } from '../analytics.js'
import { nodeGzip } from '../compress/node.js'
import type { AnalyticsOptions } from '../options.js'
import type { Runtime } from '../runtime.js'
import { createNodeHttpTransport } from '../transport/node-http.js'

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

/**
 * `maxQueueBytes` by default: 64 MB holds a burst of 100,000 typical events (~32 MB of JSON, ~52 MB
 * of heap queued) with room to spare; a process with a small heap (a 128 MB Lambda) gets 1/8 of its
 * heap limit instead, as a queued event costs ~1.6× its JSON bytes of heap (bench/RESULTS.md).
 */
const maxQueueBytes = () =>
  Math.min(64_000_000, Math.floor(getHeapStatistics().heap_size_limit / 8))

const nodeRuntime = (): Runtime => ({
  compress: nodeGzip,
  maxQueueBytes: maxQueueBytes(),
  warn: (message, code) => process.emitWarning(message, { code }),
  httpTransport: createNodeHttpTransport,
})

export class Analytics extends AnalyticsBase {
  constructor(options: AnalyticsOptions) {
    super(options, nodeRuntime())
  }
}

export const createAnalytics = (options: AnalyticsOptions): Analytics => new Analytics(options)
