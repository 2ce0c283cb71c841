import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClientConfig } from '@clickstream/local-aws'
import { createDynamoDbSuppressionStore } from '@clickstream/privacy/dynamodb'
import { type DeleteConfig, HELP, parsePrivacyArgs } from './args.js'
import { athenaDeletionJob } from './athena-job.js'
import { type DeletionOptions, type DeletionReport, privacyPaths, runDeletion } from './delete.js'
import { PrivacyError } from './errors.js'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
}

/**
 * `pnpm privacy delete`: 0 when deleted (or already deleted), 1 when nothing was found for the
 * ids or a step failed (a re-run resumes), 2 on bad input. Never throws, never a stack.
 */
export async function privacyCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  extra: Pick<DeletionOptions, 'hooks' | 'clock'> = {},
): Promise<number> {
  let config: DeleteConfig | 'help'
  try {
    config = parsePrivacyArgs(argv, env)
  } catch (error) {
    return fail(io, error)
  }
  if (config === 'help') {
    io.out(HELP)
    return 0
  }
  const dynamodb = new DynamoDBClient(config.aws ? {} : localClientConfig(config.dynamodbEndpoint))
  try {
    const report = await runDeletion({
      ids: config.ids,
      dataDir: config.dataDir,
      dynamodb,
      table: config.table,
      concurrency: config.concurrency,
      files: config.aws ? 'aws' : 'local',
      // On AWS the stack's collector reads the list from the table's #suppression partition.
      ...(config.aws
        ? {
            suppression: createDynamoDbSuppressionStore({
              client: dynamodb,
              tableName: config.table,
            }),
          }
        : {}),
      ...extra,
    })
    io.out(reportText(config, report))
    if (config.aws) io.out(`\n${athenaDeletionJob(report.request, report.digests)}`)
    return report.found || report.alreadyDeletedAt !== undefined ? 0 : 1
  } catch (error) {
    return fail(io, error, config)
  } finally {
    dynamodb.destroy()
  }
}

const n = (value: number) => value.toLocaleString('en-US')

function reportText(c: DeleteConfig, r: DeletionReport): string {
  const who = c.ids.map((p) => `${p.kind} ${p.id}`).join(', ')
  const paths = privacyPaths(c.dataDir)
  const s = r.counts
  const head = r.found
    ? `deleted ${who}${r.alreadyDeletedAt ? ` (again: stragglers since the deletion of ${r.alreadyDeletedAt})` : ''}:`
    : r.alreadyDeletedAt
      ? `already deleted ${who} (${r.alreadyDeletedAt}): nothing more found`
      : c.ids.map((p) => `nothing found for ${p.kind} ${p.id}`).join('\n')
  const rows: [string, string][] = [
    [
      'ids',
      `${n(r.digests.length)} (${n(r.digests.length - c.ids.length)} discovered through their sessions)`,
    ],
    ['suppressed', `${n(s.suppressed)} new in ${paths.suppression}`],
    [
      'dynamodb',
      `${n(s.items)} items of ${n(s.partitions)} partitions, ${n(s.sessions)} sessions (${c.table})`,
    ],
    ...(c.aws
      ? ([['lake', 'the Athena job below (not run by this command)']] as [string, string][])
      : ([
          [
            'lake',
            `${n(s.lakeRows)} rows; ${n(s.lakeFilesRewritten)} files rewritten, ${n(s.lakeFilesDeleted)} deleted`,
          ],
          [
            'archive',
            `${n(s.archiveEvents)} events; ${n(s.archiveFilesRewritten)} files rewritten, ${n(s.archiveFilesDeleted)} deleted`,
          ],
        ] as [string, string][])),
    [
      'log',
      `${paths.log} (request ${r.request}, pass ${r.pass}${r.resumed.length ? `, resumed after ${r.resumed.join(', ')}` : ''})`,
    ],
  ]
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(11)}${v}`)].join('\n')
}

/** One line naming what went wrong; the code says whether the input was bad. */
function fail(io: CliIo, error: unknown, config?: DeleteConfig): number {
  const refused = (e: unknown): boolean =>
    e instanceof Error &&
    (/ECONNREFUSED/.test(`${(e as { code?: string }).code} ${e.message}`) ||
      refused(e.cause) ||
      (e instanceof AggregateError && e.errors.some(refused)))
  if (config && !config.aws && refused(error)) {
    io.err(
      `privacy: cannot reach DynamoDB at ${config.dynamodbEndpoint}: is pnpm start running? (or --dynamodb-endpoint)`,
    )
    return 1
  }
  if (error instanceof PrivacyError) {
    io.err(`privacy: ${error.message}`)
    return error.code === 'invalid_argument' ? 2 : 1
  }
  const e = error as Error
  io.err(`privacy: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`)
  return 1
}
