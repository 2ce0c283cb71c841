import { CollectorError } from '../errors.js'

export interface BodyLimits {
  /** Largest body once inflated, in bytes. */
  maxBodyBytes: number
  /** Largest body as sent (gzip or not), in bytes. */
  maxWireBytes: number
  /** Time allowed for the whole body to arrive, in milliseconds. */
  bodyTimeoutMs: number
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** What a request's headers say about its body, checked before any of it is read. */
export interface BodyPlan {
  gzip: boolean
  /** `Content-Length`, when sent as a whole number. */
  length: number | undefined
  /** Most bytes accepted as sent. */
  wireCap: number
}

/**
 * Refuses an unsupported `Content-Encoding` (415) and a `Content-Length` over the cap (413)
 * before a byte of the body is read.
 */
export function planBody(headers: Headers, limits: BodyLimits): BodyPlan {
  const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase()
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== '') {
    throw new CollectorError(
      'unsupported_encoding',
      `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported (use gzip or none)`,
    )
  }
  const gzip = encoding === 'gzip' || encoding === 'x-gzip'
  const length = Number(headers.get('content-length') ?? Number.NaN)
  const wireCap = gzip ? limits.maxWireBytes : Math.min(limits.maxWireBytes, limits.maxBodyBytes)
  if (length > wireCap) throw tooLarge(wireCap, 'as sent')
  return { gzip, length: Number.isInteger(length) && length >= 0 ? length : undefined, wireCap }
}

/**
 * Reads a request body as text, streaming: refuses a too-large `Content-Length` before reading,
 * counts bytes as they arrive (and once inflated, for gzip) and stops at the cap, so a 100 MB body
 * or a gzip bomb is never held in memory. A body that does not arrive in time is a 408.
 */
export async function readBody(request: Request, limits: BodyLimits): Promise<string> {
  const { gzip, length, wireCap } = planBody(request.headers, limits)
  if (!request.body) return ''
  if (!gzip && length !== undefined) {
    // The runtime holds the body to its Content-Length (already within the cap): read it whole.
    const bytes = await withTimeout(request.arrayBuffer(), limits.bodyTimeoutMs)
    if (bytes.byteLength > wireCap) throw tooLarge(wireCap, 'as sent')
    return decodeUtf8(new Uint8Array(bytes))
  }

  let stream: ReadableStream<Uint8Array> = request.body.pipeThrough(capped(wireCap, 'as sent'))
  if (gzip) {
    stream = stream
      .pipeThrough(new DecompressionStream('gzip') as TransformStream<Uint8Array, Uint8Array>)
      .pipeThrough(capped(limits.maxBodyBytes, 'inflated'))
  }
  return decodeUtf8(await collect(stream, limits.bodyTimeoutMs, gzip))
}

/** UTF-8 text of a body; a 400 when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new CollectorError('malformed_json', 'body is not valid UTF-8')
  }
}

export function timeoutError(timeoutMs: number): CollectorError {
  return new CollectorError('request_timeout', `body did not arrive within ${timeoutMs} ms`)
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs)
  })
  try {
    return await Promise.race([promise, timeout])
  } catch (error) {
    if (error instanceof CollectorError) throw error
    throw new CollectorError('malformed_json', 'body could not be read')
  } finally {
    clearTimeout(timer)
  }
}

export function tooLarge(cap: number, what: string): CollectorError {
  return new CollectorError('payload_too_large', `body is larger than ${cap} bytes (${what})`)
}

/** A pass-through that errors the stream as soon as more than `cap` bytes went through. */
function capped(cap: number, what: string): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > cap) controller.error(tooLarge(cap, what))
      else controller.enqueue(chunk)
    },
  })
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  timeoutMs: number,
  gzip: boolean,
): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs)
  })
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timeout])
      if (done) break
      chunks.push(value)
      total += value.byteLength
    }
  } catch (error) {
    reader.cancel().catch(() => {})
    if (error instanceof CollectorError) throw error
    if (gzip) throw new CollectorError('malformed_json', 'body is not valid gzip')
    throw new CollectorError('malformed_json', 'body could not be read')
  } finally {
    clearTimeout(timer)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
