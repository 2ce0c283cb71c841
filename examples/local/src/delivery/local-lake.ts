import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { type Enricher, openEnricher } from '@clickstream/enrich'
import { LOCAL_REGION } from '@clickstream/local-aws'
import { type LocalConfig, localEnrichConfig } from '../config.js'
import { createFileCheckpoints, createMemoryCheckpoints } from '../poller/checkpoints.js'
import type { DeliverySummary } from './destination.js'
import { createLakeDelivery, type LakeDelivery } from './lake-delivery.js'
import { createLakeDestination } from './lake-destination.js'

export interface LocalLake {
  /** The lake's root (`events/`, `errors/`): what `pnpm sql --lake` reads. */
  lakeRoot: string
  /** The raw archive's root (`events/year=…/`). */
  archiveRoot: string
  delivery: LakeDelivery
  /** Stops the delivery (flushed, checkpointed); with `--in-memory`, removes the lake. */
  stop(): Promise<void>
}

export interface LocalLakeOptions {
  config: LocalConfig
  kinesis: KinesisClient
  /** The rows' enrichment. @default `openEnricher(localEnrichConfig(config))` */
  enricher?: Enricher
  onDelivery?: (summary: DeliverySummary) => void
  onError?: (error: unknown, shardId: string) => void
  /** Told about the half-written files of a crash removed at start. */
  onLeftovers?: (files: string[]) => void
}

/**
 * `npm start`'s lake: the delivery stream from the events stream into `<dataDir>/lake` and
 * `<dataDir>/archive`, its checkpoints in `<dataDir>/checkpoints/<stream>.lake.json`. With
 * `--in-memory`, lake and archive live in a temporary folder on a RAM file system (`/dev/shm`
 * when there is one) removed at stop, and the checkpoints in memory.
 */
export async function startLocalLake(o: LocalLakeOptions): Promise<LocalLake> {
  const { config } = o
  const root = config.inMemory
    ? await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'clickstream-lake-'))
    : config.dataDir
  const removeRoot = async () => {
    if (config.inMemory) await rm(root, { recursive: true, force: true })
  }
  try {
    const lakeRoot = join(root, 'lake')
    const archiveRoot = join(root, 'archive')
    // Before the destination: a checkpoint file that cannot be read stops the start here.
    const checkpoints = config.inMemory
      ? createMemoryCheckpoints()
      : createFileCheckpoints(join(root, 'checkpoints', `${config.eventsStream}.lake.json`))
    const destination = await createLakeDestination({
      lakeRoot,
      archiveRoot,
      enricher: o.enricher ?? openEnricher(localEnrichConfig(config)),
    })
    if (destination.leftovers.length > 0) o.onLeftovers?.(destination.leftovers)
    const delivery = createLakeDelivery({
      kinesis: o.kinesis,
      streamName: config.eventsStream,
      destination,
      checkpoints,
      bufferBytes: config.lakeBufferBytes,
      bufferIntervalMs: config.lakeBufferIntervalMs,
      region: LOCAL_REGION,
      ...(o.onDelivery ? { onDelivery: o.onDelivery } : {}),
      ...(o.onError ? { onError: o.onError } : {}),
    })
    await delivery.start().catch(async (error) => {
      await destination.close()
      throw error
    })
    return {
      lakeRoot,
      archiveRoot,
      delivery,
      async stop() {
        await delivery.stop()
        await removeRoot()
      },
    }
  } catch (error) {
    await removeRoot()
    throw error
  }
}
