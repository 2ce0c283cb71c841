import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { loadConfig as loadCollectorConfig } from '@clickstream/collector'
import { type RunningCollector, startNodeCollector } from '@clickstream/collector/node'
import { type Enricher, openEnricher } from '@clickstream/enrich'
import {
  createGracefulClose,
  ensureStream,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalService,
  startDynalite,
  startKinesalite,
} from '@clickstream/local-aws'
import { privacyPaths } from '@clickstream/privacy-cli'
import { createSessionTable } from '@clickstream/sessionizer-lambda'
import { serve } from '@hono/node-server'
import { type LocalConfig, localEnrichConfig } from './config.js'
import { type LocalLake, startLocalLake } from './delivery/local-lake.js'
import type { Poller } from './poller/poller.js'
import { ensureSdkBundle, sdkBundlePath, segmentBundlePath, snippetFor } from './sdk-bundle.js'
import { createLocalAwsClients } from './services/aws-clients.js'
import { assertPortFree } from './services/ports.js'
import { createSessionsReader } from './services/sessions-reader.js'
import { createSessionizerPoller } from './sessionizer.js'
import { createAnalytics } from './web/analytics.js'
import { createEventFeed, type EventFeed } from './web/event-feed.js'
import { createFeedTail } from './web/feed-tail.js'
import { lakePersons } from './web/persons.js'
import { createWebApp } from './web/web-app.js'

export interface RunningPipeline {
  config: LocalConfig
  urls: { collector: string; web: string; kinesis: string; dynamodb: string }
  kinesis: KinesisClient
  dynamodb: DynamoDBClient
  poller: Poller
  feed: EventFeed
  /** The lake's delivery stream and where it writes; absent with `lake: false`. */
  lake?: LocalLake
  /**
   * Stops what uses the stores before the stores: web server (live streams end, requests in flight
   * answered), feed tail, poller (batch in hand finished, checkpointed), the lake's delivery stream
   * (buffer flushed, files in place, checkpointed; an in-memory lake removed), collector (drained),
   * SDK clients, then kinesalite and dynalite (in-flight requests answered, then their stores closed).
   */
  stop(): Promise<void>
}

export type Log = (component: string, message: string) => void

export interface PipelineOptions {
  /** Run the sessionizer poller in this process (the chaos test runs it in its own). @default true */
  sessionizer?: boolean
}

/**
 * The pipeline's enricher (the lake's delivery stream and the debugger; the sessionizer opens its
 * own from the same config): opened before anything starts, so a missing or corrupt
 * `--geo-database` is an `EnrichConfigError` naming the flag and the path, and nothing to stop.
 */
export const openLocalEnricher = (config: LocalConfig): Enricher =>
  openEnricher(localEnrichConfig(config))

/** Starts everything in order; a failure part-way stops what already started. */
export async function startLocalPipeline(
  config: LocalConfig,
  log: Log = () => {},
  options: PipelineOptions = {},
): Promise<RunningPipeline> {
  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    stops.length = 0
  }
  const enricher = openLocalEnricher(config)
  try {
    ensureSdkBundle((message) => log('sdk', message))
    const h = config.host
    await assertPortFree('kinesalite', h, config.kinesisPort)
    await assertPortFree('dynalite', h, config.dynamodbPort)
    await assertPortFree('collector', h, config.collectorPort)
    await assertPortFree('web server', h, config.webPort)

    const dir = (name: string) => (config.inMemory ? {} : { path: join(config.dataDir, name) })
    const [kinesalite, dynalite] = await Promise.all([
      startKinesalite({ host: h, port: config.kinesisPort, ...dir('kinesis') }),
      startDynalite({ host: h, port: config.dynamodbPort, ...dir('dynamodb') }),
    ])
    stops.push(() => closeAll([kinesalite, dynalite]))
    log('kinesalite', `Kinesis API on ${kinesalite.endpoint}`)
    log('dynalite', `DynamoDB API on ${dynalite.endpoint}`)

    const clients = createLocalAwsClients({
      kinesis: kinesalite.endpoint,
      dynamodb: dynalite.endpoint,
    })
    const { kinesis, dynamodb } = clients
    stops.push(async () => {
      kinesis.destroy()
      dynamodb.destroy()
    })
    await Promise.all([
      ensureStream(kinesis, config.eventsStream, config.shards),
      ensureStream(kinesis, config.rejectedStream, 1),
      createSessionTable(dynamodb, config.table),
    ])
    log(
      'resources',
      `streams ${config.eventsStream}, ${config.rejectedStream}; table ${config.table}`,
    )

    const collector: RunningCollector = await startNodeCollector({
      ...loadCollectorConfig(
        {
          PORT: String(config.collectorPort),
          HOST: h,
          AWS_REGION: LOCAL_REGION,
          KINESIS_ENDPOINT: kinesalite.endpoint,
          KINESIS_STREAM: config.eventsStream,
          REJECTED_STREAM: config.rejectedStream,
          SOURCES: JSON.stringify({
            [config.writeKey]: {
              id: 'local-dev',
              allowedOrigins: '*',
              ...(config.trackingPlan === 'off'
                ? {}
                : { trackingPlan: `file:${resolve(config.trackingPlan)}` }),
            },
          }),
          LOG_LEVEL: 'warn',
          // Segment's stock snippet, its host changed to the collector's, loads this build.
          SEGMENT_SCRIPT_FILE: segmentBundlePath,
          // The list `pnpm privacy delete` adds deleted people to (none with --in-memory).
          ...(config.inMemory
            ? {}
            : {
                SUPPRESSION_FILE: privacyPaths(config.dataDir).suppression,
                SUPPRESSION_TTL_SECONDS: String(config.suppressionTtlMs / 1000),
              }),
        },
        // The tracking plan's file is read and checked here: a bad plan stops the start, naming it.
        { readFile: (path) => readFileSync(path, 'utf8') },
      ),
      credentials: LOCAL_CREDENTIALS,
    })
    stops.push(() => collector.close())
    log('collector', `${collector.url} (write key ${config.writeKey})`)
    log(
      'collector',
      `Segment's snippet loads ${collector.url}/analytics.js/v1/${config.writeKey}/analytics.min.js`,
    )

    const poller = createSessionizerPoller({
      config,
      clients,
      ...(config.inMemory
        ? {}
        : { checkpointFile: join(config.dataDir, 'checkpoints', `${config.eventsStream}.json`) }),
      onError: (error, shardId) =>
        log('sessionizer', `invocation failed on ${shardId}: ${String(error)}`),
    })
    if (options.sessionizer !== false) {
      await poller.start()
      stops.push(() => poller.stop())
      log(
        'sessionizer',
        `polling ${config.eventsStream} (batch ${config.batchSize}, window ${config.batchingWindowMs} ms, gap ${config.gapMs} ms)`,
      )
    }

    let lake: LocalLake | undefined
    if (config.lake) {
      lake = await startLocalLake({
        config,
        kinesis,
        enricher,
        onError: (error, shardId) => log('lake', `delivery failed on ${shardId}: ${String(error)}`),
        onLeftovers: (files) =>
          log('lake', `removed ${files.length} half-written file(s) a crash left`),
      })
      stops.push(() => (lake as LocalLake).stop())
      log(
        'lake',
        `${lake.lakeRoot} (pnpm sql --lake ${lake.lakeRoot}); raw archive ${lake.archiveRoot}; buffer ${config.lakeBufferBytes} bytes or ${config.lakeBufferIntervalMs} ms`,
      )
    }

    const feed = createEventFeed()
    const tail = createFeedTail({
      kinesis,
      feed,
      eventsStream: config.eventsStream,
      rejectedStream: config.rejectedStream,
      enricher,
    })
    await tail.start()
    stops.push(() => tail.stop())

    // The dashboard's DuckDB on the lake: closed after the web server (it answers no more), before the lake.
    const analytics = lake
      ? createAnalytics({
          lakeRoot: lake.lakeRoot,
          gapMs: config.gapMs,
          maxSessionMs: config.maxSessionMs,
        })
      : undefined
    if (analytics) stops.push(() => analytics.close())

    const closing = new AbortController()
    const web = createWebApp({
      ...(analytics ? { analytics } : {}),
      feed,
      sessions: createSessionsReader(dynamodb, config.table),
      ...(lake ? { persons: lakePersons(lake.lakeRoot) } : {}),
      gapMs: config.gapMs,
      snippet: snippetFor(collector.url, config.writeKey),
      collectorOrigin: new URL(collector.url).origin,
      // Bound to one address (not every interface): that address is a name the UI is opened by.
      allowedHosts: [...config.allowedHosts, ...(isWildcard(h) ? [] : [h])],
      log: (message) => log('web', message),
      sdkScript: async () =>
        existsSync(sdkBundlePath) ? readFile(sdkBundlePath, 'utf8') : undefined,
      stats: () => ({ poller: poller.stats(), ...(lake ? { lake: lake.delivery.stats() } : {}) }),
      signal: closing.signal,
    })
    let closeWeb = async () => {}
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: web.fetch, port: config.webPort, hostname: h }, () => resolve(s))
      // @hono/node-server may never end a streamed response whose client left early.
      closeWeb = createGracefulClose(s as Server, { abandonedMs: 1000 })
    })
    // Live streams end, requests in flight (session reads from dynalite) are answered first.
    stops.push(async () => {
      closing.abort()
      await closeWeb()
    })
    const webUrl = `http://${h}:${(server.address() as AddressInfo).port}`
    log('web', `${webUrl} (demo shop, /debugger, /sessions, /analytics)`)

    return {
      config,
      urls: {
        collector: collector.url,
        web: webUrl,
        kinesis: kinesalite.endpoint,
        dynamodb: dynalite.endpoint,
      },
      kinesis,
      dynamodb,
      poller,
      feed,
      ...(lake ? { lake } : {}),
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]'

const closeAll = async (services: LocalService[]) => {
  await Promise.all(services.map((s) => s.close()))
}
