import { encodeBatch, type StoredEvent } from '@clickstream/sdk-core'
import type { HttpTransportOptions } from './http.js'

/** UTF-8 bytes of the body, from the events' known sizes (no second scan of the text). */
const bodyBytes = (events: readonly StoredEvent[]) =>
  events.reduce((bytes, e) => bytes + e.bytes + 1, 48)

/**
 * The body and headers of one `POST /v1/batch`, for every HTTP transport: the batch JSON, gzipped
 * above `compressAbove`, with the write key as HTTP Basic user.
 */
export async function requestBody(
  events: readonly StoredEvent[],
  options: Pick<HttpTransportOptions, 'writeKey' | 'compress' | 'compressAbove' | 'headers'>,
): Promise<{ body: string | Uint8Array; headers: Record<string, string> }> {
  const text = encodeBatch(events)
  const headers: Record<string, string> = {
    ...options.headers,
    'Content-Type': 'application/json',
    Authorization: `Basic ${btoa(`${options.writeKey}:`)}`,
  }
  if (!options.compress || bodyBytes(events) <= options.compressAbove)
    return { body: text, headers }
  headers['Content-Encoding'] = 'gzip'
  return { body: await options.compress(text), headers }
}
