import { mkdirSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'
import kinesalite from 'kinesalite'
import { PortInUseError } from '../errors.js'
import { createGracefulClose } from './graceful-close.js'

export interface LocalService {
  /** `http://127.0.0.1:<port>` */
  endpoint: string
  port: number
  /**
   * Refuses new requests, waits for the ones in flight to be answered (even when their clients
   * have gone), closes the connections, then the store: nothing runs against it after this resolves.
   */
  close(): Promise<void>
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
export function startKinesalite(options: LocalServiceOptions = {}): Promise<LocalService> {
  if (options.path) mkdirSync(options.path, { recursive: true })
  const server = kinesalite({
    path: options.path,
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 100,
  })
  return listen(server, 'kinesalite', options)
}

/** dynalite (DynamoDB API) as an in-process server; table changes take effect at once. */
export function startDynalite(options: LocalServiceOptions = {}): Promise<LocalService> {
  if (options.path) mkdirSync(options.path, { recursive: true })
  const server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  })
  return listen(server, 'dynalite', options)
}

/**
 * Listens on host:port, closing gracefully (see `createGracefulClose`); a port already in use is a
 * `PortInUseError` that names it.
 */
export function listen(
  server: Server,
  name: string,
  options: LocalServiceOptions,
): Promise<LocalService> {
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
      resolve({
        endpoint: `http://${host}:${port}`,
        port,
        close,
      })
    })
  })
}
