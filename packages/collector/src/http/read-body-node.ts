import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { CollectorError } from '../errors.js'
import {
  type BodyLimits,
  decodeUtf8,
  planBody,
  readBody,
  timeoutError,
  tooLarge,
} from './read-body.js'

/**
 * `readBody` for `@hono/node-server`: reads an uncompressed body straight from Node's
 * `IncomingMessage`, without the web `ReadableStream` that `Request#arrayBuffer()` builds over it
 * (on Node 20 that stream costs more than validating the events). Same limits and errors: 415 and
 * 413 from the headers before reading, 413 as soon as more bytes than the cap arrive (the rest is
 * left unread: the socket pushes back on the sender), 408 when the body is late. A gzip body, or a
 * request without a Node `incoming`, takes the web path.
 */
export function readNodeBody(c: Context, limits: BodyLimits): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming || incoming.readableDidRead || incoming.readableEnded) {
    return readBody(c.req.raw, limits)
  }
  const { gzip, wireCap } = planBody(c.req.raw.headers, limits)
  if (gzip) return readBody(c.req.raw, limits)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    let done = false
    const finish = (error?: CollectorError) => {
      if (done) return
      done = true
      clearTimeout(timer)
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onBroken)
      incoming.off('close', onBroken)
      if (error) {
        incoming.pause()
        reject(error)
        return
      }
      try {
        resolve(decodeUtf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)))
      } catch (decodeError) {
        reject(decodeError)
      }
    }
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength
      if (total > wireCap) finish(tooLarge(wireCap, 'as sent'))
      else chunks.push(chunk)
    }
    const onEnd = () => finish()
    // 'close' before 'end': the client went away mid-body.
    const onBroken = () => finish(new CollectorError('malformed_json', 'body could not be read'))
    const timer = setTimeout(() => finish(timeoutError(limits.bodyTimeoutMs)), limits.bodyTimeoutMs)
    incoming.on('data', onData)
    incoming.once('end', onEnd)
    incoming.once('error', onBroken)
    incoming.once('close', onBroken)
  })
}
