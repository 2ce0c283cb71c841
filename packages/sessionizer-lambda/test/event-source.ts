import type { KinesisStreamRecord } from 'aws-lambda'
import type { SessionizerHandler } from '../src/handler/create-handler.js'
import type { SessionStore } from '../src/session-store/session-store.js'

/** What the simulated event source mapping does on each invocation. */
export interface InvocationPlan {
  /** Records per invocation (cycled). */
  batchSizes: number[]
  /** Per invocation (the first few only): the checkpoint is lost after success, so the batch comes again. */
  lostCheckpoints: boolean[]
}

/**
 * Feeds one shard's records to the handler like Lambda's event source mapping does with
 * `ReportBatchItemFailures`: resumes from the lowest reported failure, otherwise after the batch;
 * halves the batch after a failure (bisect). Optionally "forgets" a checkpoint (redelivery).
 */
export async function runShard(
  handler: SessionizerHandler,
  records: readonly KinesisStreamRecord[],
  plan: InvocationPlan,
  maxInvocations = 500,
): Promise<number> {
  let checkpoint = 0
  let halve = false
  for (let invocation = 0; checkpoint < records.length; invocation++) {
    if (invocation >= maxInvocations) throw new Error('shard did not drain')
    const planned = plan.batchSizes[invocation % plan.batchSizes.length] ?? 1
    const size = halve ? Math.max(1, Math.ceil(planned / 2)) : planned
    const batch = records.slice(checkpoint, checkpoint + size)
    const response = await handler({ Records: batch })
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier))
    const firstFailed = batch.findIndex((r) => failed.has(r.kinesis.sequenceNumber))
    halve = firstFailed >= 0
    if (firstFailed >= 0) checkpoint += firstFailed
    else if (!plan.lostCheckpoints[invocation]) checkpoint += batch.length
  }
  return checkpoint
}

export type Fault = 'none' | 'before-commit' | 'after-commit'

/**
 * A store that fails on cue (fakes only inject faults): a throttled commit, or a commit that
 * succeeds but whose response is lost. Loads yield after reading, so that invocations race.
 */
export function faultyStore(store: SessionStore, faults: Fault[]): SessionStore {
  return {
    ...store,
    async load(key) {
      const loaded = await store.load(key)
      // Yield between read and commit, so that another invocation can commit in between.
      await new Promise((resolve) => setImmediate(resolve))
      return loaded
    },
    async commit(commit) {
      const fault = faults.shift() ?? 'none'
      if (fault === 'before-commit') throw new Error('ProvisionedThroughputExceededException')
      const result = await store.commit(commit)
      if (fault === 'after-commit') throw new Error('socket hang up')
      return result
    },
  }
}
