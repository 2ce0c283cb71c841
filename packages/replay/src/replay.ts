import { computeBackoff } from '@clickstream/retry'
import type { HandlerOptions, SessionizerHandler } from '@clickstream/sessionizer-lambda'
/** The metrics sink the sessionizer's handler takes. */
export type MetricsLike = NonNullable<HandlerOptions['metrics']>

import { NothingToReplayError, ReplayBatchError } from './errors.js'
import { toKinesisRecord } from './kinesis-records.js'
import { iso, type ReplayRange } from './range.js'
import type { ReplayRecord, ReplaySource, SkippedRecord } from './source/replay-source.js'

export interface ReplayOptions {
  source: ReplaySource
  range: ReplayRange
  /** The target table, for messages. */
  table: string
  /**
   * Called once the source is known to hold events in the range (never before: an empty range
   * creates no table): prepares the table and returns the sessionizer's handler over it, built
   * with these metrics (`createSessionizer(config, { metrics })`).
   */
  open(metrics: MetricsLike): Promise<SessionizerHandler>
  /** Records per handler invocation. @default 500 */
  batchSize?: number
  /** Consecutive invocations that hand records back before the replay stops. @default 8 */
  maxAttempts?: number
  /** @default every 10,000 records, and at the end */
  onProgress?: (progress: ReplayProgress) => void
  /** @default 10_000 */
  progressEvery?: number
  onSkipped?: (skipped: SkippedRecord) => void
  /** @default Date.now */
  clock?: () => number
}

export interface ReplayProgress {
  records: number
  events: number
  /** Events the sessionizer applied (new to the table). */
  applied: number
  /** Copies of events already applied, and records the table had applied before (a re-run). */
  duplicates: number
  /** Events older than the sessions kept for their key: set aside as `too_late` dead letters. */
  late: number
  /** Source records or events that were no valid envelope or event (reported to `onSkipped`). */
  skipped: number
  sessionsWritten: number
  seconds: number
}

const METRICS = {
  EventsApplied: 'applied',
  EventsDuplicate: 'duplicates',
  EventsLate: 'late',
  SessionsWritten: 'sessionsWritten',
} as const

/**
 * Rebuilds sessions from a source through the sessionizer's own handler: the source's records in
 * order, in batches, each as the Kinesis record of the source's shard at its position. What the
 * handler hands back (a commit conflict, throttling) is sent again from the first record it names,
 * as Lambda would. Idempotent: a second run over the same source and table skips every record
 * the first applied (per-key checkpoints), and duplicates in the source are dropped by messageId.
 * Throws `NothingToReplayError` before calling `open` when the range holds nothing.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayProgress> {
  const clock = options.clock ?? Date.now
  const started = clock()
  const batchSize = Math.max(1, options.batchSize ?? 500)
  const every = Math.max(1, options.progressEvery ?? 10_000)
  const progress: ReplayProgress = {
    records: 0,
    events: 0,
    applied: 0,
    duplicates: 0,
    late: 0,
    skipped: 0,
    sessionsWritten: 0,
    seconds: 0,
  }
  const metrics: MetricsLike = {
    addMetric(name, _unit, value) {
      const field = METRICS[name as keyof typeof METRICS]
      if (field) progress[field] += value
    },
    publishStoredMetrics() {},
  }
  const records = options.source
    .read(options.range, (skipped) => {
      progress.skipped++
      options.onSkipped?.(skipped)
    })
    [Symbol.asyncIterator]()
  const first = await records.next()
  if (first.done) {
    throw new NothingToReplayError(
      options.source.describe,
      iso(options.range.fromMs),
      iso(options.range.toMs),
    )
  }
  const handler = await options.open(metrics)
  let batch: ReplayRecord[] = [first.value]
  let reported = 0
  const flush = async () => {
    await deliver(handler, batch, options)
    for (const record of batch) progress.events += record.events.length
    progress.records += batch.length
    batch = []
    progress.seconds = (clock() - started) / 1000
    if (progress.records - reported >= every) {
      reported = progress.records
      options.onProgress?.({ ...progress })
    }
  }
  for (let next = await records.next(); !next.done; next = await records.next()) {
    batch.push(next.value)
    if (batch.length >= batchSize) await flush()
  }
  if (batch.length > 0) await flush()
  progress.seconds = (clock() - started) / 1000
  options.onProgress?.({ ...progress })
  return progress
}

async function deliver(
  handler: SessionizerHandler,
  batch: readonly ReplayRecord[],
  options: ReplayOptions,
) {
  const shardId = options.source.shardId
  let pending = batch.map((record) => toKinesisRecord(record, shardId))
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8)
  for (let attempt = 1; pending.length > 0; attempt++) {
    const { batchItemFailures } = await handler({ Records: pending })
    const from = batchItemFailures[0]?.itemIdentifier
    if (from === undefined) return
    if (attempt >= maxAttempts) throw new ReplayBatchError(attempt, options.table)
    pending = pending.slice(
      Math.max(
        0,
        pending.findIndex((r) => r.kinesis.sequenceNumber === from),
      ),
    )
    await new Promise((resolve) =>
      setTimeout(resolve, computeBackoff(attempt - 1, { baseMs: 100, maxMs: 5_000 })),
    )
  }
}
