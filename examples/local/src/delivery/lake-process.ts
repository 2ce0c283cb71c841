/**
 * The lake's delivery stream as a process of its own: `tsx lake-process.ts '<json options>'`
 * (`LakeProcessOptions`), so a test can kill it. SIGTERM stops it gracefully (buffer flushed,
 * checkpoints written); SIGKILL is a crash. Prints `stats {…}` lines.
 */
import { type LocalConfig, localConfigSchema } from '../config.js'
import { createLocalAwsClients, type LocalEndpoints } from '../services/aws-clients.js'
import { startLocalLake } from './local-lake.js'

/** What `lake-process.ts` takes as its JSON argument. */
export interface LakeProcessOptions {
  config: LocalConfig
  endpoints: LocalEndpoints
}

const options = JSON.parse(process.argv[2] ?? '{}') as LakeProcessOptions
const clients = createLocalAwsClients(options.endpoints)
const lake = await startLocalLake({
  config: localConfigSchema.parse(options.config),
  kinesis: clients.kinesis,
  onLeftovers: (files) => console.log(`leftovers ${JSON.stringify(files)}`),
})
console.log('lake ready')
const report = setInterval(() => console.log(`stats ${JSON.stringify(lake.delivery.stats())}`), 50)
process.once('SIGTERM', () => {
  clearInterval(report)
  void lake.stop().then(() => {
    clients.destroy()
    process.exit(0)
  })
})
