import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { Logger } from '../logger.js'
import type { SinkStats } from '../sink/batching.js'
import { createKinesisSink } from '../sink/kinesis.js'
import { createLogSink } from '../sink/log.js'
import { createMemorySink } from '../sink/memory.js'
import type { Sink } from '../sink/sink.js'
import type { CollectorConfig } from './env.js'

export interface Sinks {
  sink: Sink
  rejectSink: Sink
  /** What the sinks are, for the start-up log. */
  kind: 'memory' | 'kinesis'
  /** Record counters of the stream sinks, for `/metrics`. */
  stats(): Record<string, SinkStats>
}

/** Kinesis sinks when a stream is configured (Node, Lambda); memory sinks otherwise (development). */
export function createSinks(config: CollectorConfig, logger: Logger): Sinks {
  if (!config.kinesisStream) {
    return {
      sink: createMemorySink(),
      rejectSink: createMemorySink(),
      kind: 'memory',
      stats: () => ({}),
    }
  }
  const clientConfig = {
    region: config.region,
    ...(config.kinesisEndpoint ? { endpoint: config.kinesisEndpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    requestHandler: new NodeHttpHandler({ requestTimeout: config.sinkDeadlineMs }),
  }
  const options = {
    clientConfig,
    lingerMs: config.lingerMs,
    deadlineMs: config.sinkDeadlineMs,
    maxInFlightBytes: config.maxInFlightBytes,
  }
  const sink = createKinesisSink({ streamName: config.kinesisStream, ...options })
  const rejected = config.rejectedStream
    ? createKinesisSink({ streamName: config.rejectedStream, ...options })
    : undefined
  return {
    sink,
    rejectSink: rejected ?? createLogSink(logger),
    kind: 'kinesis',
    stats: () => ({ events: sink.stats(), ...(rejected ? { rejected: rejected.stats() } : {}) }),
  }
}
