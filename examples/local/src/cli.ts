import { EnrichConfigError } from '@clickstream/enrich'
import { HELP, loadConfig } from './config.js'
import { startLocalPipeline } from './pipeline.js'

/** `pnpm start`: the whole pipeline in one process tree; Ctrl-C stops it in order. */
async function main() {
  const started = Date.now()
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.argv.slice(2))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`)
    process.exit(2)
  }
  if (config === 'help') {
    console.log(HELP)
    return
  }
  const log = config.quiet
    ? () => {}
    : (component: string, message: string) =>
        console.log(
          `[${((Date.now() - started) / 1000).toFixed(2)}s] ${component.padEnd(11)} ${message}`,
        )
  const pipeline = await startLocalPipeline(config, log).catch((error: Error) => {
    // A setting that cannot be used (a missing or corrupt --geo-database): a config error, one line.
    if (error instanceof EnrichConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    console.error(`clickstream could not start: ${error.message}`)
    process.exit(1)
  })
  const { urls } = pipeline
  console.log(`
clickstream is running (${((Date.now() - started) / 1000).toFixed(1)} s)

  demo shop        ${urls.web}/
  event debugger   ${urls.web}/debugger
  sessions         ${urls.web}/sessions
  collector        ${urls.collector}    write key: ${config.writeKey}
  Kinesis API      ${urls.kinesis}    DynamoDB API: ${urls.dynamodb}
  data             ${config.inMemory ? '(in memory)' : config.dataDir}
  event lake       ${pipeline.lake ? `${pipeline.lake.lakeRoot}    query: pnpm sql --lake ${pipeline.lake.lakeRoot} "<sql>"` : '(off)'}

Try: curl -u ${config.writeKey}: -H 'content-type: application/json' -d '{"type":"track","event":"Hello","userId":"u1"}' ${urls.collector}/v1/track
Ctrl-C stops everything.`)

  let stoppingSince = 0
  const stop = async (signal: string) => {
    if (stoppingSince) {
      // npm and pnpm pass the terminal's Ctrl-C on to us again: the same press, not a second one.
      if (Date.now() - stoppingSince < 1000) return
      console.log('stopping now')
      process.exit(130)
    }
    stoppingSince = Date.now()
    console.log(`\n${signal}: collector drains, poller checkpoints, lake flushes, stores close…`)
    await pipeline.stop()
    console.log('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

void main()
