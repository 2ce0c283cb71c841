import { startUnreachable, testTransport } from '@clickstream/sdk-core/testing'
import { type LoopbackCollector, startCollector, WRITE_KEY } from '../../test/collector.js'
import { type Fault, type FlakyProxy, startFlakyProxy } from '../../test/flaky-proxy.js'
import type { Compress } from '../compress/compress.js'
import { nodeGzip } from '../compress/node.js'
import { webGzip } from '../compress/web.js'
import { createHttpTransport } from './http.js'
import { createNodeHttpTransport } from './node-http.js'

/** The real collector behind the fault proxy, whose answer the contract can force. */
async function start() {
  let fault: Fault = 'pass'
  const [collector, unreachable]: [
    LoopbackCollector,
    Awaited<ReturnType<typeof startUnreachable>>,
  ] = await Promise.all([startCollector({ record: false }), startUnreachable()])
  const proxy: FlakyProxy = await startFlakyProxy(collector.url, () => fault)
  return {
    url: `${proxy.url}/v1/batch`,
    unreachableUrl: unreachable.url,
    force: (answer: { status: number; retryAfter?: string } | undefined) => {
      fault = answer ?? 'pass'
    },
    accepted: () => collector.messages() as unknown as Record<string, unknown>[],
    close: async () => {
      await Promise.all([proxy.close(), collector.close(), unreachable.close()])
    },
  }
}

const http = (compress: Compress | undefined) => (url: string) =>
  createHttpTransport({
    url,
    writeKey: WRITE_KEY,
    fetch: globalThis.fetch,
    timeout: 10_000,
    compressAbove: 1_024,
    compress,
  })

testTransport('http (Node fetch)', { start, create: http(undefined), unloading: 'ignored' })
testTransport('http, gzip by node:zlib', { start, create: http(nodeGzip), unloading: 'ignored' })
testTransport('http, gzip by CompressionStream (edge)', {
  start,
  create: http(webGzip()),
  unloading: 'ignored',
})
testTransport('node:http (the Node entry)', {
  start,
  create: (url) =>
    createNodeHttpTransport({
      url,
      writeKey: WRITE_KEY,
      timeout: 10_000,
      compressAbove: 1_024,
      compress: nodeGzip,
    }),
  unloading: 'ignored',
})
