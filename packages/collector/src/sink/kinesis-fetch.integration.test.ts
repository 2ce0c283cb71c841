import { type LocalKinesis, startKinesalite } from '@clickstream/local-aws'
import { afterAll, beforeAll } from 'vitest'
import { createKinesisFetchSink } from './kinesis-fetch.js'
import { testSink } from './sink.contract.js'

let kinesis: LocalKinesis
let streams = 0

beforeAll(async () => {
  kinesis = await startKinesalite()
})
afterAll(async () => {
  await kinesis?.close()
})

testSink('kinesis over fetch + aws4fetch (kinesalite)', async () => {
  const streamName = `fetch-${++streams}`
  await kinesis.createStream(streamName)
  const sink = createKinesisFetchSink({
    streamName,
    region: 'us-east-1',
    endpoint: kinesis.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  return { sink, read: () => kinesis.readAll(streamName), cleanup: () => sink.close() }
})
