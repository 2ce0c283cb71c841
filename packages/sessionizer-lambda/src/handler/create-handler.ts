import type { Enricher } from '@clickstream/enrich'
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda'
import { compareSequence } from '../core/key-state.js'
import { resolveSessionRules, type SessionRulesOptions } from '../core/options.js'
import { plainEnricher } from '../core/session-enrichment.js'
import type { DeadLetter } from '../dead-letter/dead-letter.js'
import { mapWithConcurrency } from '../map-with-concurrency.js'
import type { SessionStore } from '../session-store/session-store.js'
import { decodeRecords, type RecordPosition } from './decode-records.js'
import { type LoggerLike, type MetricsLike, noMetrics, silentLogger } from './ports.js'
import { type KeyContext, processKey } from './process-key.js'

export interface HandlerOptions extends SessionRulesOptions {
  store: SessionStore
  deadLetter: DeadLetter
  /** @default a silent logger */
  logger?: LoggerLike
  /** @default no metrics */
  metrics?: MetricsLike
  /** @default Date.now */
  clock?: () => number
  /** Commit attempts per key before its records are handed back to Lambda. @default 5 */
  maxAttempts?: number
  /** Keys processed at the same time. @default 16 */
  concurrency?: number
  /** Waits between commit attempts. @default setTimeout */
  sleep?: (ms: number) => Promise<void>
  /**
   * Enriches each session (device, bot, geo, channel; the IP to store), in `summarize`, from the
   * session's own facts: a pure function of its events. @default `createEnricher()`: no geo
   * database, no bot IP ranges (`createSessionizer` opens the configured one)
   */
  enricher?: Enricher
}

export type SessionizerHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>

/**
 * The sessionizer's Lambda handler (for an event source mapping with `ReportBatchItemFailures`).
 * Records that can never be decoded, and the invalid events of the others, go to the dead letter
 * and count as processed. A key whose
 * commit fails transiently reports its first record, per shard, as the batch item failure:
 * Lambda retries the shard from there and already-applied records are skipped as duplicates.
 */
export function createHandler(options: HandlerOptions): SessionizerHandler {
  const logger = options.logger ?? silentLogger
  const metrics = options.metrics ?? noMetrics
  const clock = options.clock ?? Date.now
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16))
  const context: KeyContext = {
    store: options.store,
    deadLetter: options.deadLetter,
    rules: resolveSessionRules(options),
    enricher: options.enricher ?? plainEnricher(),
    clock,
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  }

  return async (event) => {
    const { keys, deadLetters } = decodeRecords(event.Records, clock())
    const failed: RecordPosition[] = []
    const count = (name: string, value: number) => {
      if (value > 0) metrics.addMetric(name, 'Count', value)
    }
    if (deadLetters.length > 0) {
      try {
        await options.deadLetter.put(deadLetters.map(({ entry }) => entry))
        let events = 0
        for (const { entry } of deadLetters) {
          const event = entry.reason === 'invalid_event'
          if (event) events++
          logger.warn(event ? 'event set aside' : 'record set aside', {
            reason: entry.reason,
            detail: entry.message,
            shardId: entry.shardId,
            sequenceNumber: entry.sequenceNumber,
            ...(entry.messageId ? { messageId: entry.messageId } : {}),
          })
        }
        count('RecordsDeadLettered', deadLetters.length - events)
        count('EventsInvalid', events)
      } catch (error) {
        logger.error('dead letter failed', { error: String(error) })
        failed.push(...deadLetters.map(({ position }) => position))
      }
    }
    await mapWithConcurrency(keys, concurrency, async ([key, records]) => {
      try {
        const outcome = await processKey(key, records, context)
        count('EventsApplied', outcome.applied)
        count('EventsDuplicate', outcome.duplicates)
        count('EventsLate', outcome.late)
        count('EventsStateTooLarge', outcome.tooLarge)
        count('SessionsWritten', outcome.upserts)
        count('SessionsRemoved', outcome.removals)
        count('CommitConflicts', outcome.attempts - 1)
      } catch (error) {
        logger.warn('key not committed; retrying from its first record', {
          error: String(error),
          records: records.length,
        })
        count('KeysFailed', 1)
        failed.push(...records)
      }
    })
    count('Records', event.Records.length)
    metrics.publishStoredMetrics()
    return { batchItemFailures: firstPerShard(failed) }
  }
}

/** The earliest failed record of each shard: Lambda resumes each shard from there. */
export function firstPerShard(failed: readonly RecordPosition[]) {
  const first = new Map<string, string>()
  for (const { shardId, sequenceNumber } of failed) {
    const current = first.get(shardId)
    if (current === undefined || compareSequence(sequenceNumber, current) < 0) {
      first.set(shardId, sequenceNumber)
    }
  }
  return [...first.values()].map((itemIdentifier) => ({ itemIdentifier }))
}
