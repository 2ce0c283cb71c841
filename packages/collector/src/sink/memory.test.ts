import { createMemorySink } from './memory.js'
import { testSink } from './sink.contract.js'

testSink('memory', async () => {
  const sink = createMemorySink()
  return { sink, read: async () => sink.records }
})
