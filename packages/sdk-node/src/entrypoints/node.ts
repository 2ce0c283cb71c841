/** Node (servers, Lambda): like the edge entry, with gzip from `node:zlib`. */
import { AnalyticsBase } from '../analytics.js'
import { nodeGzip } from '../compress/node.js'
import type { AnalyticsOptions } from '../options.js'

export { nodeGzip } from '../compress/node.js'
export { webGzip } from '../compress/web.js'
export * from '../index.js'

export class Analytics extends AnalyticsBase {
  constructor(options: AnalyticsOptions) {
    super(options, nodeGzip)
  }
}

export const createAnalytics = (options: AnalyticsOptions): Analytics => new Analytics(options)
