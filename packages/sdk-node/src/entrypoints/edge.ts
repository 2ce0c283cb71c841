/**
 * Edge runtimes (workerd, Vercel Edge, Deno, Bun) and anything without Node modules: global
 * `fetch`, gzip with `CompressionStream` when the runtime has it. No `node:` import on this path.
 */
import { AnalyticsBase } from '../analytics.js'
import { webGzip } from '../compress/web.js'
import type { AnalyticsOptions } from '../options.js'

export { webGzip } from '../compress/web.js'
export * from '../index.js'

export class Analytics extends AnalyticsBase {
  constructor(options: AnalyticsOptions) {
    super(options, webGzip())
  }
}

export const createAnalytics = (options: AnalyticsOptions): Analytics => new Analytics(options)
