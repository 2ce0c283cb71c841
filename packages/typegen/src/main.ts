import { parseArgs } from 'node:util'
import { TrackingPlanError } from '@clickstream/tracking-plan'
import { TypegenError } from './errors.js'
import { writeTypedClient } from './write.js'

const HELP = `pnpm typegen --plan <plan.json> [--out <file.ts>]: a typed client for both SDKs from a tracking plan

  --plan FILE   the source's tracking plan (the collector's format, checked as it checks it)
  --out FILE    the TypeScript module to write (default: typed-analytics.ts beside the plan)

Exit status: 0 written or unchanged, 2 bad flags, 3 an invalid plan, 4 a plan that cannot be typed
(two events with one method name, a reserved name), 1 anything else (a file that cannot be read).`

/** What `pnpm typegen` runs: flags in, a line out, an exit status per kind of failure. */
export async function main(argv: string[]): Promise<number> {
  let values: { plan?: string; out?: string; help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        plan: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values
  } catch (error) {
    console.error(`typegen: ${(error as Error).message}\n\n${HELP}`)
    return 2
  }
  if (values.help) {
    console.log(HELP)
    return 0
  }
  if (!values.plan) {
    console.error(`typegen: --plan is required\n\n${HELP}`)
    return 2
  }
  const out = values.out ?? values.plan.replace(/[^/\\]*$/, 'typed-analytics.ts')
  try {
    const { changed } = await writeTypedClient({ plan: values.plan, out })
    console.log(changed ? `typegen: wrote ${out}` : `typegen: ${out} is up to date`)
    return 0
  } catch (error) {
    console.error(`typegen: ${(error as Error).message}`)
    if (error instanceof TrackingPlanError) return 3
    if (error instanceof TypegenError) return 4
    return 1
  }
}
