import { runSqlCli } from '../cli/main.js'

/** `pnpm sql`: the CLI on this process's arguments, environment and terminal. */
const status = await runSqlCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).catch((error: unknown) => {
  // Not a lake error: a bug. One line, and the status of an unexpected failure.
  process.stderr.write(`pnpm sql: unexpected failure: ${(error as Error)?.message ?? error}\n`)
  return 1
})
process.exitCode = status
