/** Node (servers, Lambda): like the edge entry, with gzip from `node:zlib`. */
import { AnalyticsBase } from '../analytics.js'
import { nodeGzip } from '../compress/node.js'
import type { AnalyticsOptions } from '../options.js'

// The same exports in both entries, named one by one; the README test holds both to one list.
export type { AnalyticsClient, CloseResult } from '../client.js'
export type { Compress } from '../compress/compress.js'
export { ConfigError, DeliveryError, RequestAbortedError, ValidationError } from '../errors.js'
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

export class Analytics extends AnalyticsBase {
  constructor(options: AnalyticsOptions) {
    super(options, nodeGzip)
  }
}

export const createAnalytics = (options: AnalyticsOptions): Analytics => new Analytics(options)
