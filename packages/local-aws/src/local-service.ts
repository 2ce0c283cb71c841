/// <reference path="./untyped.d.ts" />
import { mkdirSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import dynalite from 'dynalite'
import kinesalite from 'kinesalite'
import { localClientConfig } from './clients.js'
import { PortInUseError } from './errors.js'
import { createGracefulClose } from './graceful-close.js'
import { ensureStream, readStream, type StreamRecord } from './streams.js'

export interface LocalService {
  /** `http://127.0.0.1:<port>` */
  endpoint: string
  port: number
  /**
   * Refuses new requests, waits for the ones in flight to be answered (even when their clients
   * have gone), closes the connections, then the store: nothing runs against it after this
   * resolves. Also destroys the service's own `client`.
   */
  close(): Promise<void>
}

/** kinesalite with a client for it and the conveniences tests need. */
export interface LocalKinesis extends LocalService {
  client: KinesisClient
  /** `ensureStream`: creates the stream (2 shards by default) unless it exists; waits until active. */
  createStream(name: string, shards?: number): Promise<void>
  /** `readStream`: every record of the stream, shard after shard. */
  readAll(name: string): Promise<StreamRecord[]>
}

/** dynalite with a client for it. */
export interface LocalDynamoDB extends LocalService {
  client: DynamoDBClient
  /**
   * Creates a table and waits until it is `ACTIVE`: dynalite answers `CreateTable` while the table
   * is still `CREATING` (even with a zero delay), and a write then fails `ResourceNotFoundException`.
   */
  createTable(input: CreateTableCommandInput): Promise<void>
}

export interface LocalServiceOptions {
  /** @default 0 (a free port) */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Directory that holds the data; in memory when absent. */
  path?: string
}

/** kinesalite (Kinesis API) as an in-process server; stream changes take effect at once. */
export async function startKinesalite(options: LocalServiceOptions = {}): Promise<LocalKinesis> {
  if (options.path) mkdirSync(options.path, { recursive: true })
  const server = kinesalite({
    path: options.path,
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 1000,
  })
  const service = await listen(server, 'kinesalite', options)
  const client = new KinesisClient(localClientConfig(service.endpoint))
  return {
    ...service,
    client,
    createStream: (name, shards = 2) => ensureStream(client, name, shards),
    readAll: (name) => readStream(client, name),
    close: closing(client, service),
  }
}

/** dynalite (DynamoDB API) as an in-process server; table changes take effect at once. */
export async function startDynalite(options: LocalServiceOptions = {}): Promise<LocalDynamoDB> {
  if (options.path) mkdirSync(options.path, { recursive: true })
  const server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  })
  const service = await listen(server, 'dynalite', options)
  const client = new DynamoDBClient(localClientConfig(service.endpoint))
  return {
    ...service,
    client,
    createTable: async (input) => {
      await client.send(new CreateTableCommand(input))
      await waitUntilTableExists(
        { client, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 },
        { TableName: input.TableName },
      )
    },
    close: closing(client, service),
  }
}

const closing = (client: { destroy(): void }, service: LocalService) => async () => {
  client.destroy()
  await service.close()
}

/**
 * Listens on host:port, closing gracefully (see `createGracefulClose`); a port already in use is a
 * `PortInUseError` that names it.
 */
function listen(server: Server, name: string, options: LocalServiceOptions): Promise<LocalService> {
  const host = options.host ?? '127.0.0.1'
  const close = createGracefulClose(server)
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' ? new PortInUseError(name, host, options.port ?? 0) : error,
      )
    })
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo
      resolve({ endpoint: `http://${host}:${port}`, port, close })
    })
  })
}
