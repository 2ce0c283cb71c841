/**
 * The sessionizer poller as a process of its own: `tsx sessionizer-process.ts '<json options>'`.
 * SIGTERM stops it gracefully (batch finished, checkpoint written); SIGKILL is a crash.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { createSessionizerPoller, type SessionizerPollerOptions } from './sessionizer.js'

type Options = Omit<SessionizerPollerOptions, 'kinesis' | 'dynamodb'> & {
  kinesisEndpoint: string
  dynamodbEndpoint: string
}
const options = JSON.parse(process.argv[2] ?? '{}') as Options
process.env.AWS_ACCESS_KEY_ID ??= 'local'
process.env.AWS_SECRET_ACCESS_KEY ??= 'local'
const aws = { region: 'local', requestHandler: new NodeHttpHandler() }
const poller = createSessionizerPoller({
  ...options,
  kinesis: new KinesisClient({ ...aws, endpoint: options.kinesisEndpoint }),
  dynamodb: new DynamoDBClient({ ...aws, endpoint: options.dynamodbEndpoint }),
})
await poller.start()
console.log('sessionizer ready')
const report = setInterval(() => console.log(`stats ${JSON.stringify(poller.stats())}`), 200)
process.once('SIGTERM', () => {
  clearInterval(report)
  void poller.stop().then(() => process.exit(0))
})
