import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis'
import { computeBackoff } from '@clickstream/retry'
import type {
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda'
import { RetriesExhaustedError } from '../errors.js'
import type { CheckpointStore } from './checkpoints.js'
import { type EventSource, toLambdaEvent, toLambdaRecord } from './kinesis-event.js'

export type KinesisHandler = (
  event: KinesisStreamEvent,
) => Promise<KinesisStreamBatchResponse | undefined> | Promise<void>

export interface PollerOptions {
  kinesis: KinesisClient
  streamName: string
  handler: KinesisHandler
  checkpoints: CheckpointStore
  /**
   * Where a shard without a checkpoint starts, like the mapping's `StartingPosition`. (kinesalite
   * never answers an AT_TIMESTAMP request on a shard with no record after the timestamp.)
   * @default 'TRIM_HORIZON'
   */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST' | Date
  /** Most records per invocation, like the event source mapping's `BatchSize`. @default 100 */
  batchSize?: number
  /** How long to gather records before invoking, like `MaximumBatchingWindowInSeconds`. @default 500 */
  batchingWindowMs?: number
  /** Pause between polls of an idle shard. @default 250 */
  pollIntervalMs?: number
  /** Split a batch in two when the function throws, like `BisectBatchOnFunctionError`. @default true */
  bisectOnError?: boolean
  /** Retries of a failing batch before its records are skipped, like `MaximumRetryAttempts`; -1 retries forever. @default -1 */
  maxRetryAttempts?: number
  /**
   * Ceiling of the pause before the first retry; it doubles per attempt up to 5 s, and each pause
   * is drawn below it (full jitter). @default 100
   */
  retryDelayMs?: number
  /** Told about every skipped batch (the on-failure destination). */
  onFailure?: (error: RetriesExhaustedError) => void
  /** Told about every failed invocation. */
  onError?: (error: unknown, shardId: string) => void
  region?: string
}

export interface PollerStats {
  invocations: number
  records: number
  failedInvocations: number
  /** Largest `MillisBehindLatest` of the shards' last reads. */
  millisBehindLatest: number
}

export interface Poller {
  start(): Promise<void>
  /** Finishes the batch in hand on every shard, checkpoints, then resolves. */
  stop(): Promise<void>
  stats(): PollerStats
}

/**
 * Feeds a Kinesis stream to a Lambda-style handler the way Lambda's Kinesis event source mapping
 * does: one batch at a time per shard, in order; `batchItemFailures` checkpoint the records before
 * the first failure and retry from it; a thrown error retries the batch, bisected when enabled;
 * checkpoints persist, so a restart resumes after the last processed record.
 */
export function createPoller(options: PollerOptions): Poller {
  const o = {
    batchSize: 100,
    batchingWindowMs: 500,
    pollIntervalMs: 250,
    bisectOnError: true,
    maxRetryAttempts: -1,
    retryDelayMs: 100,
    region: 'local',
    ...options,
  }
  const source: EventSource = {
    streamArn: `arn:aws:kinesis:${o.region}:000000000000:stream/${o.streamName}`,
    region: o.region,
    functionArn: `arn:aws:lambda:${o.region}:000000000000:function:sessionizer`,
  }
  const stats: PollerStats = {
    invocations: 0,
    records: 0,
    failedInvocations: 0,
    millisBehindLatest: 0,
  }
  const lag = new Map<string, number>()
  const running = new Map<string, Promise<void>>()
  let stopping = false
  let discovery: ReturnType<typeof setInterval> | undefined
  /** The periodic shard discovery in flight, which `stop()` lets finish. */
  let discovering: Promise<void> | undefined
  const sleepers = new Set<() => void>()

  /** A pause that `stop()` cuts short. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      sleepers.add(done)
    })

  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = o.checkpoints.load()[shardId]
    const start = o.startingPosition ?? 'TRIM_HORIZON'
    const position = after
      ? ({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after } as const)
      : start instanceof Date
        ? ({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: start } as const)
        : ({ ShardIteratorType: start } as const)
    const out = await o.kinesis.send(
      new GetShardIteratorCommand({ StreamName: o.streamName, ShardId: shardId, ...position }),
    )
    return out.ShardIterator
  }

  /** Invokes the handler until every record of the batch is processed or skipped. */
  async function deliver(shardId: string, batch: KinesisStreamRecord[]): Promise<void> {
    const queue: KinesisStreamRecord[][] = [batch]
    while (queue.length > 0) {
      let records = queue.shift() as KinesisStreamRecord[]
      for (let attempt = 0; records.length > 0; attempt++) {
        stats.invocations++
        let failedFrom: number
        try {
          const response = await o.handler(toLambdaEvent(records))
          failedFrom = firstFailure(records, response)
        } catch (error) {
          stats.failedInvocations++
          o.onError?.(error, shardId)
          if (o.bisectOnError && records.length > 1) {
            const half = Math.ceil(records.length / 2)
            queue.unshift(records.slice(0, half), records.slice(half))
            break
          }
          failedFrom = 0
        }
        const done = failedFrom < 0 ? records : records.slice(0, failedFrom)
        if (done.length > 0) {
          stats.records += done.length
          o.checkpoints.save(shardId, (done.at(-1) as KinesisStreamRecord).kinesis.sequenceNumber)
        }
        if (failedFrom < 0) break
        if (failedFrom > 0) stats.failedInvocations++
        records = records.slice(failedFrom)
        if (o.maxRetryAttempts >= 0 && attempt >= o.maxRetryAttempts) {
          const first = records[0] as KinesisStreamRecord
          const last = records.at(-1) as KinesisStreamRecord
          o.onFailure?.(
            new RetriesExhaustedError(
              shardId,
              first.kinesis.sequenceNumber,
              last.kinesis.sequenceNumber,
              attempt + 1,
            ),
          )
          o.checkpoints.save(shardId, last.kinesis.sequenceNumber)
          break
        }
        // Stopping: leave the rest unprocessed and uncheckpointed; the next start retries it.
        if (stopping) return
        await sleep(computeBackoff(attempt, { baseMs: o.retryDelayMs, maxMs: 5000 }))
      }
    }
  }

  async function pollShard(shardId: string): Promise<void> {
    let iterator = await iteratorFor(shardId)
    while (!stopping && iterator) {
      const batch: KinesisStreamRecord[] = []
      const windowEnds = Date.now() + o.batchingWindowMs
      while (iterator && batch.length < o.batchSize) {
        const out: GetRecordsCommandOutput = await o.kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: o.batchSize - batch.length }),
        )
        iterator = out.NextShardIterator
        lag.set(shardId, out.MillisBehindLatest ?? 0)
        stats.millisBehindLatest = Math.max(0, ...lag.values())
        for (const r of out.Records ?? []) batch.push(toLambdaRecord(r, shardId, source))
        const got = out.Records?.length ?? 0
        if (stopping || Date.now() >= windowEnds) break
        if (got === 0) await sleep(Math.min(o.pollIntervalMs, Math.max(0, windowEnds - Date.now())))
      }
      if (batch.length > 0) await deliver(shardId, batch)
      else if (!stopping) await sleep(o.pollIntervalMs)
    }
  }

  async function discover(): Promise<void> {
    const shards = await o.kinesis.send(new ListShardsCommand({ StreamName: o.streamName }))
    for (const shard of shards.Shards ?? []) {
      const id = shard.ShardId
      if (!id || running.has(id) || stopping) continue
      running.set(
        id,
        pollShard(id).catch((error) => o.onError?.(error, id)),
      )
    }
  }

  return {
    async start() {
      stopping = false
      await discover()
      discovery = setInterval(() => {
        discovering = discover().catch((e) => o.onError?.(e, '*'))
      }, 10_000)
      discovery.unref?.()
    },
    async stop() {
      stopping = true
      if (discovery) clearInterval(discovery)
      for (const wake of [...sleepers]) wake()
      await discovering
      await Promise.all(running.values())
      running.clear()
    },
    stats: () => ({ ...stats }),
  }
}

/**
 * Index of the first record to retry, or -1 when all succeeded. As Lambda does, an identifier that
 * is not in the batch fails the whole batch.
 */
export function firstFailure(records: KinesisStreamRecord[], response: unknown): number {
  const failures = (response as KinesisStreamBatchResponse | undefined)?.batchItemFailures ?? []
  if (failures.length === 0) return -1
  let first = records.length
  for (const failure of failures) {
    const index = records.findIndex((r) => r.kinesis.sequenceNumber === failure.itemIdentifier)
    if (index < 0) return 0
    first = Math.min(first, index)
  }
  return first
}
