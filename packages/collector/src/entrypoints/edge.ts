import type { Hono } from 'hono'
import { createApp } from '../app.js'
import { appOptionsOf, loadConfig } from '../config/env.js'
import { ConfigError } from '../errors.js'
import { createJsonLogger } from '../logger.js'
import type { CollectorOptions } from '../options.js'
import { createKinesisFetchSink } from '../sink/kinesis-fetch.js'
import { createLogSink } from '../sink/log.js'
import { createMemorySink } from '../sink/memory.js'

/**
 * Bindings of the edge entry: the same variables as the Node entry (see README), plus the AWS
 * credentials, which an edge runtime has no other way to get.
 */
export interface EdgeEnv {
  AWS_ACCESS_KEY_ID?: string
  AWS_SECRET_ACCESS_KEY?: string
  AWS_SESSION_TOKEN?: string
  [name: string]: unknown
}

/** What the worker's build supplies that bindings cannot: the script embedded in the bundle. */
export type EdgeRuntime = Pick<CollectorOptions, 'segmentScript'>

/** Builds the app for a set of bindings: Kinesis over `fetch` (aws4fetch), no Node modules. */
export function createEdgeApp(env: EdgeEnv, runtime: EdgeRuntime = {}): Hono {
  const vars = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  )
  const config = loadConfig(vars)
  if (config.suppression && 'file' in config.suppression) {
    throw new ConfigError(
      'SUPPRESSION_FILE needs a file system: on the edge, bind SUPPRESSION (the list itself)',
    )
  }
  if (config.segmentScriptFile) {
    throw new ConfigError(
      'SEGMENT_SCRIPT_FILE needs a file system: on the edge, the worker build embeds the script',
    )
  }
  const logger = createJsonLogger({ level: config.logLevel })
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env
  const streamSink = (streamName: string) => {
    if (!accessKeyId || !secretAccessKey) {
      throw new ConfigError(
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required with a stream',
      )
    }
    return createKinesisFetchSink({
      streamName,
      region: config.region,
      credentials: {
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
      ...(config.kinesisEndpoint ? { endpoint: config.kinesisEndpoint } : {}),
      lingerMs: config.lingerMs,
      deadlineMs: config.sinkDeadlineMs,
      maxInFlightBytes: config.maxInFlightBytes,
    })
  }
  const sink = config.kinesisStream ? streamSink(config.kinesisStream) : createMemorySink()
  const rejectSink = config.rejectedStream
    ? streamSink(config.rejectedStream)
    : config.kinesisStream
      ? createLogSink(logger)
      : createMemorySink()
  return createApp({
    sink,
    rejectSink,
    ...appOptionsOf(config),
    // The platform sets this header on every request; clients cannot forge it.
    connectionIp: (c) => c.req.header('cf-connecting-ip'),
    logger,
    ...runtime,
  })
}

/** A Cloudflare-style module worker: one app per set of bindings, built on first use. */
export function createEdgeWorker(runtime: EdgeRuntime = {}): {
  fetch(request: Request, env: EdgeEnv, ctx?: unknown): Response | Promise<Response>
} {
  const apps = new WeakMap<object, Hono>()
  return {
    fetch(request, env, ctx) {
      let app = apps.get(env)
      if (!app) {
        app = createEdgeApp(env, runtime)
        apps.set(env, app)
      }
      return app.fetch(request, env, ctx as never)
    },
  }
}

/** The module worker without the Segment script (`createEdgeWorker({ segmentScript })` adds it). */
export default createEdgeWorker()
