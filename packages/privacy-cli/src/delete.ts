import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { SuppressionStore } from '@clickstream/privacy'
import { personKey } from '@clickstream/privacy'
import { createFileSuppressionStore } from '@clickstream/privacy/file'
import type { PersonId } from './args.js'
import { deletePartitions, findPersonKeys } from './dynamodb.js'
import { DeletionStepError } from './errors.js'
import { type RewriteHooks, rewriteArchive, rewriteLake } from './files.js'
import { type Counts, createDeletionLog, type StepName } from './log.js'

/** Where the deletion log and the suppression list live under the data folder. */
export const privacyPaths = (dataDir: string) => ({
  log: join(dataDir, 'privacy', 'deletions.jsonl'),
  suppression: join(dataDir, 'privacy', 'suppression.json'),
  lake: join(dataDir, 'lake'),
  archive: join(dataDir, 'archive'),
})

export interface DeletionOptions {
  ids: readonly PersonId[]
  dataDir: string
  dynamodb: DynamoDBClient
  table: string
  /** @default 4 */
  concurrency?: number
  /** `local`: rewrite the lake and archive under `dataDir`; `aws`: they are the printed Athena job's. */
  files: 'local' | 'aws'
  /** @default the file `<dataDir>/privacy/suppression.json` */
  suppression?: SuppressionStore
  /** Fault injection (tests): before a rewritten lake or archive file replaces the old one. */
  hooks?: { lake?: RewriteHooks; archive?: RewriteHooks }
  clock?: () => number
}

/** What one run of a deletion did, and what the request's earlier runs had done. */
export interface DeletionReport {
  request: string
  pass: number
  /** The ids deleted: the given ones and those discovered (a user's sessions' anonymous ids). */
  ids: PersonId[]
  /** Digests of every id: what the suppression list and the log hold. */
  digests: string[]
  /** This pass's counts (steps a crashed run completed included). */
  counts: {
    suppressed: number
    partitions: number
    items: number
    sessions: number
    lakeRows: number
    lakeFilesRewritten: number
    lakeFilesDeleted: number
    archiveEvents: number
    archiveFilesRewritten: number
    archiveFilesDeleted: number
  }
  /** Whether any store held anything of the person in this pass. */
  found: boolean
  /** When an earlier run of the same request finished (this one then finds only stragglers). */
  alreadyDeletedAt: string | undefined
  /** Steps skipped: a crashed run of this pass had done them. */
  resumed: StepName[]
}

const digestOf = (ids: readonly PersonId[]) => Promise.all(ids.map((p) => personKey(p.kind, p.id)))

/**
 * Erases a person, step by step, each idempotent and logged (`deletions.jsonl`, digests only):
 * keys (the ids and their sessions' anonymous ids) → suppress (first, so nothing new lands) →
 * DynamoDB partitions → lake files → archive files. A run after a crash skips the steps its
 * pass completed; a run after a finished one starts a new pass (finding stragglers, if any).
 */
export async function runDeletion(options: DeletionOptions): Promise<DeletionReport> {
  const paths = privacyPaths(options.dataDir)
  const log = createDeletionLog(paths.log, options.clock)
  const suppression = options.suppression ?? createFileSuppressionStore(paths.suppression)
  const given = await digestOf(options.ids)
  const request = createHash('sha256')
    .update([...given].sort().join(','))
    .digest('hex')
    .slice(0, 32)
  const state = await log.state(request)
  const { pass } = state
  if (state.done.size === 0) await log.append({ request, pass, event: 'started', persons: given })
  const counts: Counts = {}
  for (const line of state.done.values()) Object.assign(counts, line.counts)

  const step = async (name: StepName, run: () => Promise<Counts>, persons?: () => string[]) => {
    let done: Counts
    try {
      done = await run()
    } catch (error) {
      throw new DeletionStepError(name, (error as Error).message, { cause: error })
    }
    Object.assign(counts, done)
    await log.append({
      request,
      pass,
      event: 'step',
      step: name,
      counts: done,
      ...(persons ? { persons: persons() } : {}),
    })
  }
  const skip = (name: StepName) => state.done.has(name)

  // a. keys: rediscovered until the DynamoDB step has run; the logged digests are kept.
  let ids = [...options.ids]
  let partitions: string[] = []
  let digests = [...new Set([...given, ...(state.done.get('keys')?.persons ?? [])])]
  if (!skip('dynamodb')) {
    await step(
      'keys',
      async () => {
        const found = await findPersonKeys(options.dynamodb, options.table, options.ids)
        ids = found.ids
        partitions = found.partitions
        digests = [...new Set([...digests, ...(await digestOf(found.ids))])]
        return { partitions: partitions.length }
      },
      () => digests,
    )
  }
  // b. suppress before deleting: events that arrive meanwhile are no longer stored.
  await step('suppress', async () => ({ suppressed: await suppression.add(digests) }))
  // c. DynamoDB: every item of the partitions.
  if (!skip('dynamodb'))
    await step('dynamodb', async () => {
      const deleted = await deletePartitions(
        options.dynamodb,
        options.table,
        partitions,
        options.concurrency ?? 4,
      )
      return { items: deleted.items, sessions: deleted.sessions }
    })
  // d, e. the files (locally; on AWS the printed job does them).
  if (options.files === 'local') {
    if (!skip('lake'))
      await step('lake', async () => {
        const r = await rewriteLake(paths.lake, digests, options.hooks?.lake)
        return { lakeRows: r.removed, lakeFilesRewritten: r.rewritten, lakeFilesDeleted: r.deleted }
      })
    if (!skip('archive'))
      await step('archive', async () => {
        const r = await rewriteArchive(paths.archive, digests, options.hooks?.archive)
        return {
          archiveEvents: r.removed,
          archiveFilesRewritten: r.rewritten,
          archiveFilesDeleted: r.deleted,
        }
      })
  }
  const report: DeletionReport['counts'] = {
    suppressed: 0,
    partitions: 0,
    items: 0,
    sessions: 0,
    lakeRows: 0,
    lakeFilesRewritten: 0,
    lakeFilesDeleted: 0,
    archiveEvents: 0,
    archiveFilesRewritten: 0,
    archiveFilesDeleted: 0,
    ...counts,
  }
  const found = report.items + report.lakeRows + report.archiveEvents > 0
  await log.append({
    request,
    pass,
    event: 'finished',
    counts: { ...report, found: found ? 1 : 0 },
  })
  return {
    request,
    pass,
    ids,
    digests,
    counts: report,
    found,
    alreadyDeletedAt: state.finishedAt,
    resumed: (['dynamodb', 'lake', 'archive'] as const).filter(skip),
  }
}
