import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJsonLogger } from '../logger.js'
import { loadConfig } from './env.js'
import { createSinks } from './sinks.js'

/** A stand-in Kinesis endpoint that records each request's signature and denies it. */
const authorizations: string[] = []
const server = createServer((request, response) => {
  authorizations.push(request.headers.authorization ?? '')
  request.resume()
  response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
  response.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'denied' }))
})
let endpoint: string
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('createSinks', () => {
  it("signs Kinesis requests with the config's static credentials", async () => {
    const config = loadConfig({
      KINESIS_STREAM: 'events',
      KINESIS_ENDPOINT: endpoint,
      SOURCES: JSON.stringify({ key: { id: 'web' } }),
    })
    const sinks = createSinks(
      { ...config, credentials: { accessKeyId: 'AKIDCONFIGURED', secretAccessKey: 'secret' } },
      createJsonLogger({ level: 'silent' }),
    )
    const result = await sinks.sink.put([{ partitionKey: 'k', data: new Uint8Array([1]) }])
    await sinks.sink.close()
    expect(result).toMatchObject({ ok: false, reason: 'unavailable' })
    expect(authorizations).toHaveLength(1)
    expect(authorizations[0]).toMatch(/Credential=AKIDCONFIGURED\//)
  })
})
