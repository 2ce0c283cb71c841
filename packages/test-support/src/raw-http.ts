import { once } from 'node:events'
import { connect } from 'node:net'

/**
 * A raw HTTP/1.1 client connection, for what a well-behaved client never does (stop mid-body,
 * reuse a connection at a chosen moment): what it has received, and when the server closed it.
 */
export async function openConnection(port: number, host = '127.0.0.1') {
  const socket = connect(port, host)
  await once(socket, 'connect')
  let received = ''
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString()
  })
  socket.on('error', () => {}) // a reset is how a server cuts a connection off
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return { socket, received: () => received, closed }
}

/** A request line and headers for `path`. */
export const getRequest = (path: string) => `GET ${path} HTTP/1.1\r\nHost: local\r\n\r\n`

/** The headers and the first bytes of a 100-byte body (the rest never comes). */
export const halfPost = (headers: Record<string, string> = {}) =>
  `POST / HTTP/1.1\r\nHost: local\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}Content-Length: 100\r\n\r\n{"half`
