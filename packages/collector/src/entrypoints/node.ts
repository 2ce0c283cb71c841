import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createCollectorFromConfig } from '../config/collector.js'
import { type CollectorConfig, DEV_WRITE_KEY, loadConfig } from '../config/env.js'
import { ConfigError } from '../errors.js'
import { readNodeBody } from '../http/read-body-node.js'
import { createJsonLogger, type Logger } from '../logger.js'
import { renderMetrics } from '../metrics.js'

export interface RunningCollector {
  url: string
  /** Stops accepting, finishes in-flight requests and sink writes, then resolves. */
  close(): Promise<void>
}

/** Starts the collector on Node with `@hono/node-server`; adds `GET /metrics`. */
export async function startNodeCollector(
  config: CollectorConfig,
  logger: Logger = createJsonLogger({ level: config.logLevel }),
): Promise<RunningCollector> {
  const { app, sinks, metrics, suppression } = createCollectorFromConfig(config, logger, {
    connectionIp: (c) => getConnInfo(c).remote.address,
    readBody: readNodeBody,
  })
  // Deleted people are known before the first request is answered; a list that cannot be read
  // at start is a start-up error naming it (later failures keep the last list for ten TTLs).
  if (suppression) {
    await suppression.refresh()
    if (!suppression.current()) {
      await Promise.all([sinks.sink.close(), sinks.rejectSink.close()])
      throw new ConfigError(
        `SUPPRESSION_FILE: ${String((suppression.lastError() as Error)?.message ?? suppression.lastError())}`,
      )
    }
  }
  app.get('/metrics', (c) =>
    c.text(renderMetrics(metrics, sinks.stats()), 200, {
      'Content-Type': 'text/plain; version=0.0.4',
    }),
  )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
  })
  // Slow clients are cut off by the app's body timeout; the socket-level limit backs it up.
  if ('requestTimeout' in server) server.requestTimeout = config.bodyTimeoutMs + 5000
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  logger.info('collector listening', { url, sink: sinks.kind })
  let closing: Promise<void> | undefined
  return {
    url,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        if ('closeIdleConnections' in server) server.closeIdleConnections()
        // A request still open after its body timeout and sink deadline is not coming back.
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections()
        }, config.bodyTimeoutMs + config.sinkDeadlineMs)
        force.unref()
        await stopped
        clearTimeout(force)
        await Promise.all([sinks.sink.close(), sinks.rejectSink.close()])
        logger.info('collector stopped')
      })()
      return closing
    },
  }
}

/** The `clickstream-collector` command: config from the environment, graceful stop on signals. */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env, { readFile: (path) => readFileSync(path, 'utf8') })
  const logger = createJsonLogger({ level: config.logLevel })
  const collector = await startNodeCollector(config, logger)
  if (config.devSource) {
    console.log(
      `clickstream collector on ${collector.url} (${config.kinesisStream ? 'Kinesis' : 'memory'} sink, development write key: ${DEV_WRITE_KEY})`,
    )
  }
  const stop = (signal: string) => {
    logger.info('stopping', { signal })
    const force = setTimeout(() => process.exit(1), config.sinkDeadlineMs + 5000)
    force.unref()
    collector.close().then(
      () => process.exit(0),
      (error) => {
        logger.error('stop failed', { error: String(error) })
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(
      JSON.stringify({ level: 'error', msg: 'collector failed to start', error: String(error) }),
    )
    process.exit(1)
  })
}

export { compressSegmentScript, segmentScriptFromFile } from '../http/segment-script-file.js'
