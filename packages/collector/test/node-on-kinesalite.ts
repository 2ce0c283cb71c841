import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { loadConfig } from '../src/config/env.js'
import { type RunningCollector, startNodeCollector } from '../src/entrypoints/node.js'
import { silentLogger } from '../src/logger.js'

export interface NodeOnKinesalite {
  kinesis: LocalKinesis
  collector: RunningCollector
  /** Stops the collector, then kinesalite. */
  close(): Promise<void>
}

/**
 * The Node entry on a real socket (port 0) writing to kinesalite's `events` and `rejected` streams,
 * with one source; `env` adds variables (`BODY_TIMEOUT_MS`, …).
 */
export async function startNodeOnKinesalite(
  source: { key: string; id: string },
  env: Record<string, string> = {},
): Promise<NodeOnKinesalite> {
  process.env.AWS_ACCESS_KEY_ID ??= 'test'
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test'
  const kinesis = await startKinesalite()
  try {
    await kinesis.createStream('events', 2)
    await kinesis.createStream('rejected', 1)
    const config = loadConfig({
      PORT: '0',
      KINESIS_STREAM: 'events',
      REJECTED_STREAM: 'rejected',
      KINESIS_ENDPOINT: kinesis.endpoint,
      SOURCES: JSON.stringify({ [source.key]: { id: source.id } }),
      ...env,
    })
    const collector = await startNodeCollector(config, silentLogger)
    return {
      kinesis,
      collector,
      close: async () => {
        await collector.close()
        await kinesis.close()
      },
    }
  } catch (error) {
    await kinesis.close()
    throw error
  }
}
