import { statSync } from 'node:fs'
import { createFileSuppressionStore } from '@clickstream/privacy/file'
import type { Hono } from 'hono'
import { createApp } from '../app.js'
import { ConfigError } from '../errors.js'
import { segmentScriptFromFile } from '../http/segment-script-file.js'
import type { Logger } from '../logger.js'
import { createMetrics, type Metrics } from '../metrics.js'
import type { CollectorOptions } from '../options.js'
import { appOptionsOf, type CollectorConfig } from './env.js'
import { createSinks, type Sinks } from './sinks.js'
import { createSuppressionProvider, type SuppressionProvider } from './suppression.js'

export interface ConfiguredCollector {
  app: Hono
  sinks: Sinks
  metrics: Metrics
  /** The suppression list read from `SUPPRESSION_FILE`, if set: refresh it once before serving. */
  suppression?: SuppressionProvider
}

/**
 * The app and its sinks from a validated config (Node and Lambda entries); the runtime's hooks win
 * over the config (a Lambda entry that re-reads its sources and origin secret passes providers).
 */
export function createCollectorFromConfig(
  config: CollectorConfig,
  logger: Logger,
  runtime: Pick<CollectorOptions, 'connectionIp' | 'readBody'> &
    Partial<Pick<CollectorOptions, 'sources' | 'originVerify' | 'suppression'>>,
): ConfiguredCollector {
  const sinks = createSinks(config, logger)
  const metrics = createMetrics()
  const file = config.suppression && 'file' in config.suppression ? config.suppression : undefined
  const suppression = file
    ? createSuppressionProvider(createFileSuppressionStore(file.file).read, file.ttlMs, (error) =>
        logger.error('cannot read the suppression list', { error: String(error) }),
      )
    : undefined
  const script = config.segmentScriptFile
  // Checked at start (a clear error naming it); read and compressed on its first request.
  if (script && !statSync(script, { throwIfNoEntry: false })?.isFile()) {
    throw new ConfigError(`SEGMENT_SCRIPT_FILE: no such file: ${script}`)
  }
  const app = createApp({
    sink: sinks.sink,
    rejectSink: sinks.rejectSink,
    ...appOptionsOf(config),
    connectionIp: runtime.connectionIp,
    readBody: runtime.readBody,
    ...(runtime.sources ? { sources: runtime.sources } : {}),
    ...(runtime.originVerify ? { originVerify: runtime.originVerify } : {}),
    ...(suppression ? { suppression: () => suppression.current() } : {}),
    ...(runtime.suppression ? { suppression: runtime.suppression } : {}),
    ...(script ? { segmentScript: segmentScriptFromFile(script) } : {}),
    logger,
    metrics,
  })
  return { app, sinks, metrics, ...(suppression ? { suppression } : {}) }
}
