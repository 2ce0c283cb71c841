/**
 * The sessionizer poller as a process of its own: `tsx sessionizer-process.ts '<json options>'`
 * (`SessionizerProcessOptions`). SIGTERM stops it gracefully (batch finished, checkpoint written);
 * SIGKILL is a crash.
 */
import { localConfigSchema } from './config.js'
import { createLocalAwsClients } from './services/aws-clients.js'
import { createSessionizerPoller, type SessionizerProcessOptions } from './sessionizer.js'

const options = JSON.parse(process.argv[2] ?? '{}') as SessionizerProcessOptions
const clients = createLocalAwsClients(options.endpoints)
const poller = createSessionizerPoller({
  config: localConfigSchema.parse(options.config),
  clients,
  ...(options.checkpointFile ? { checkpointFile: options.checkpointFile } : {}),
})
await poller.start()
console.log('sessionizer ready')
const report = setInterval(() => console.log(`stats ${JSON.stringify(poller.stats())}`), 200)
process.once('SIGTERM', () => {
  clearInterval(report)
  void poller.stop().then(() => {
    clients.destroy()
    process.exit(0)
  })
})
