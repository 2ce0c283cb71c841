import { ReplayError, type ReplayErrorCode } from '../errors.js'
import type { ReplayProgress } from '../replay.js'
import { type DlqQueue, type DlqQueueMessage, RECEIVE_MAX } from './queue.js'

/** What became of one message of the queue. */
export type DlqOutcome =
  | {
      id: string
      /** `deleted` once re-driven; `kept` re-driven but left in the queue (`--keep`). */
      status: 'deleted' | 'kept'
      progress: ReplayProgress
    }
  | {
      id: string
      /** Left in the queue: its re-drive (or, after it, its deletion) failed. */
      status: 'failed'
      error: Error
      progress?: ReplayProgress
    }

export interface DrainOptions {
  queue: DlqQueue
  /** Messages to receive at most. */
  maxMessages: number
  /** Leave every message in the queue, re-driven or not. */
  keep: boolean
  /** Re-drives one message's body (the `--dlq-message` path): what it applied, or throws. */
  redrive(message: DlqQueueMessage): Promise<ReplayProgress>
  onOutcome?: (outcome: DlqOutcome) => void
}

export interface DrainResult {
  outcomes: DlqOutcome[]
  /** An error that is no message's own (DynamoDB unreachable, …): the loop stopped at it. */
  stoppedBy?: unknown
}

/** Failures of one message's batch: the message is left, the loop goes on with the next. */
const MESSAGE_FAILURES: readonly ReplayErrorCode[] = [
  'invalid_dlq_message',
  'records_expired',
  'source_unreadable',
  'nothing_to_replay',
  'batch_failed',
]

/**
 * `pnpm replay --dlq`'s loop: receives up to `maxMessages` (10 a call) and re-drives each, in the
 * order received; deletes a message only once its re-drive succeeded (not with `keep`). A message
 * whose batch fails (malformed, expired, …) is left in the queue and reported, and the loop goes
 * on; any other error stops it (`stoppedBy`). Ends when the queue returns no message or the
 * maximum is reached, then releases what it left (so that the next run sees those messages at
 * once, not after their hold). Re-driving is idempotent: a kept message re-driven again applies
 * nothing.
 */
export async function drainDlq(options: DrainOptions): Promise<DrainResult> {
  const { queue, maxMessages, keep } = options
  const outcomes: DlqOutcome[] = []
  const held: string[] = []
  const report = (outcome: DlqOutcome) => {
    outcomes.push(outcome)
    options.onOutcome?.(outcome)
  }
  let stoppedBy: unknown
  try {
    receiving: while (outcomes.length < maxMessages) {
      const page = await queue.receive(Math.min(RECEIVE_MAX, maxMessages - outcomes.length))
      if (page.length === 0) break
      for (const [index, message] of page.entries()) {
        let progress: ReplayProgress
        try {
          progress = await options.redrive(message)
        } catch (error) {
          held.push(message.receiptHandle)
          if (!isMessageFailure(error)) {
            held.push(...page.slice(index + 1).map((m) => m.receiptHandle))
            stoppedBy = error
            break receiving
          }
          report({ id: message.id, status: 'failed', error: error as Error })
          continue
        }
        if (keep) {
          held.push(message.receiptHandle)
          report({ id: message.id, status: 'kept', progress })
          continue
        }
        try {
          await queue.delete(message.receiptHandle)
          report({ id: message.id, status: 'deleted', progress })
        } catch (error) {
          report({ id: message.id, status: 'failed', error: error as Error, progress })
        }
      }
    }
  } catch (error) {
    stoppedBy = error
  }
  // Best effort: a message not released is received again once its hold ends.
  await Promise.allSettled(held.map((receiptHandle) => queue.release(receiptHandle)))
  return stoppedBy === undefined ? { outcomes } : { outcomes, stoppedBy }
}

const isMessageFailure = (error: unknown) =>
  error instanceof ReplayError && MESSAGE_FAILURES.includes(error.code)
