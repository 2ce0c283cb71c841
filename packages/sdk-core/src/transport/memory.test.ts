import { createApp, createMemorySink } from '@clickstream/collector'
import { decodeEnvelope } from '@clickstream/schema'
import { encodeBatch } from '../batch/encode-batch.js'
import { createMemoryTransport } from './memory.js'
import { type TransportContractServer, testTransport } from './transport.contract.js'

const WRITE_KEY = 'wk_memory_contract'
const URL = 'http://collector.test/v1/batch'
const UNREACHABLE = 'http://unreachable.test/v1/batch'
let forced: Parameters<TransportContractServer['force']>[0]

// The far end is the real collector app, in process (`app.request`): a memory transport has no wire.
const sink = createMemorySink()
const app = createApp({
  sink,
  rejectSink: createMemorySink(),
  sources: { [WRITE_KEY]: { id: 'memory-contract' } },
})

testTransport('memory (responding through the collector app)', {
  start: async () => ({
    url: URL,
    unreachableUrl: UNREACHABLE,
    force: (answer) => {
      forced = answer
    },
    accepted: () => sink.records.flatMap((r) => decodeEnvelope(r.data).events),
    close: async () => {},
  }),
  create: (url) =>
    createMemoryTransport(async (events) => {
      if (url === UNREACHABLE) throw new TypeError('fetch failed')
      if (forced) return { status: forced.status, retryAfter: forced.retryAfter ?? null }
      const response = await app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: encodeBatch(events, WRITE_KEY),
      })
      return { status: response.status, retryAfter: response.headers.get('Retry-After') }
    }),
  unloading: 'ignored',
})
