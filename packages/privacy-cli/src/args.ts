import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { PersonIdKind } from '@clickstream/privacy'
import { PrivacyArgumentError } from './errors.js'

/** One id of the person to delete, as given on the command line. */
export interface PersonId {
  kind: PersonIdKind
  id: string
}

/** Everything `pnpm privacy delete` runs with, resolved from flags and environment. */
export interface DeleteConfig {
  command: 'delete'
  /** The ids given (`--user`, `--anonymous-id`), in order, each once. */
  ids: PersonId[]
  /** Local data: the lake in `lake/`, the archive in `archive/`, the log and list in `privacy/`. */
  dataDir: string
  /** dynalite's endpoint when local. */
  dynamodbEndpoint: string
  table: string
  /** DynamoDB on AWS (the SDK's default chain); the lake and archive jobs are printed, not run. */
  aws: boolean
  /** Partitions deleted at once. */
  concurrency: number
}

const options = {
  user: { type: 'string', multiple: true },
  'anonymous-id': { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  table: { type: 'string' },
  aws: { type: 'boolean' },
  concurrency: { type: 'string' },
  help: { type: 'boolean' },
} as const

export const HELP = `pnpm privacy delete --user <userId> [--anonymous-id <anonymousId>] [options]
  erases a person (sessions and key state in DynamoDB, lake rows, raw archive records) and adds
  them to the suppression list the collector consults; idempotent, resumable (run it again)

  --user ID            a userId (repeatable); their sessions' anonymous ids are deleted too
  --anonymous-id ID    an anonymousId (repeatable)
  --data-dir           local data (CLICKSTREAM_DATA_DIR, ./.data): lake/, archive/, privacy/ (the
                       deletion log deletions.jsonl and the suppression list suppression.json)
  --dynamodb-endpoint  dynalite of pnpm start (CLICKSTREAM_DYNAMODB_ENDPOINT, http://127.0.0.1:<CLICKSTREAM_DYNAMODB_PORT or 4568>)
  --table NAME         the sessions table (CLICKSTREAM_TABLE, clickstream-sessions)
  --aws                DynamoDB on AWS (region and credentials from the SDK's default chain); the lake's
                       and archive's Athena job is printed, not run
  --concurrency N      partitions deleted at once (4)
  --help               this text

exit codes: 0 deleted (or already deleted), 1 nothing found for an id or a step failed, 2 bad input`

/** Flags and environment as a `DeleteConfig`, or `help`; bad input is a `PrivacyArgumentError` naming it. */
export function parsePrivacyArgs(argv: string[], env: NodeJS.ProcessEnv): DeleteConfig | 'help' {
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true })
  } catch (error) {
    throw new PrivacyArgumentError(`${(error as Error).message} (pnpm privacy --help)`, {
      cause: error,
    })
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  const [command, ...rest] = positionals
  if (command !== 'delete')
    throw new PrivacyArgumentError(
      command === undefined
        ? 'no command: pnpm privacy delete --user <id> (pnpm privacy --help)'
        : `unknown command ${JSON.stringify(command)}: the command is delete (pnpm privacy --help)`,
    )
  if (rest.length > 0)
    throw new PrivacyArgumentError(
      `unexpected ${JSON.stringify(rest[0])}: ids go after --user or --anonymous-id`,
    )
  const ids: PersonId[] = []
  const add = (kind: PersonIdKind, flag: string, given: unknown) => {
    for (const id of (given as string[] | undefined) ?? []) {
      if (id.trim() === '') throw new PrivacyArgumentError(`${flag} needs a non-empty id`)
      if (!ids.some((p) => p.kind === kind && p.id === id)) ids.push({ kind, id })
    }
  }
  add('userId', '--user', values.user)
  add('anonymousId', '--anonymous-id', values['anonymous-id'])
  if (ids.length === 0)
    throw new PrivacyArgumentError('delete needs --user <userId> or --anonymous-id <anonymousId>')
  const concurrency = Number(values.concurrency ?? 4)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new PrivacyArgumentError(
      `--concurrency ${JSON.stringify(values.concurrency)} is not a whole number from 1 to 64`,
    )
  const table = (values.table as string | undefined) ?? env.CLICKSTREAM_TABLE ?? ''
  if (values.aws && table === '')
    throw new PrivacyArgumentError('--aws needs --table (or CLICKSTREAM_TABLE): the sessions table')
  return {
    command: 'delete',
    ids,
    dataDir: resolve(
      (values['data-dir'] as string | undefined) ??
        env.CLICKSTREAM_DATA_DIR ??
        join(process.cwd(), '.data'),
    ),
    dynamodbEndpoint:
      (values['dynamodb-endpoint'] as string | undefined) ??
      env.CLICKSTREAM_DYNAMODB_ENDPOINT ??
      `http://127.0.0.1:${env.CLICKSTREAM_DYNAMODB_PORT || 4568}`,
    table: table || 'clickstream-sessions',
    aws: values.aws === true,
    concurrency,
  }
}
