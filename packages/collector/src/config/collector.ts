import type { Hono } from 'hono'
import { createApp } from '../app.js'
import type { Logger } from '../logger.js'
import { createMetrics, type Metrics } from '../metrics.js'
import type { CollectorOptions } from '../options.js'
import { appOptionsOf, type CollectorConfig } from './env.js'
import { createSinks, type Sinks } from './sinks.js'

export interface ConfiguredCollector {
  app: Hono
  sinks: Sinks
  metrics: Metrics
}

/**
 * The app and its sinks from a validated config (Node and Lambda entries); the runtime's hooks win
 * over the config (a Lambda entry that re-reads its sources and origin secret passes providers).
 */
export function createCollectorFromConfig(
  config: CollectorConfig,
  logger: Logger,
  runtime: Pick<CollectorOptions, 'connectionIp' | 'readBody'> &
    Partial<Pick<CollectorOptions, 'sources' | 'originVerify'>>,
): ConfiguredCollector {
  const sinks = createSinks(config, logger)
  const metrics = createMetrics()
  const app = createApp({
    sink: sinks.sink,
    rejectSink: sinks.rejectSink,
    ...appOptionsOf(config),
    connectionIp: runtime.connectionIp,
    readBody: runtime.readBody,
    ...(runtime.sources ? { sources: runtime.sources } : {}),
    ...(runtime.originVerify ? { originVerify: runtime.originVerify } : {}),
    logger,
    metrics,
  })
  return { app, sinks, metrics }
}
