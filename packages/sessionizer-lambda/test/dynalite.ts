import type { AddressInfo } from 'node:net'
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import dynalite from 'dynalite'

/** An in-process dynalite on a free loopback port, and a client for it. */
export async function startDynalite() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = clientFor(endpoint)
  return {
    endpoint,
    client,
    async close() {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Another client for a local endpoint (faults injected into it stay out of other tests). */
export function clientFor(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...config,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  })
}
