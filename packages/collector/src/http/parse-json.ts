import { CollectorError } from '../errors.js'

/**
 * Media types whose body is read as JSON. `text/plain` is what browsers send to avoid a CORS
 * preflight; `application/x-www-form-urlencoded` is what RudderStack's Node SDK labels its
 * (JSON, gzip) bodies with; a missing type is what curl and some SDKs send.
 */
const JSON_MEDIA_TYPES = new Set([
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
])

/** Refuses (415) a content type the collector does not read. Parameters (`charset`) are ignored. */
export function checkContentType(header: string | null): void {
  const media = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (JSON_MEDIA_TYPES.has(media) || media.endsWith('+json')) return
  throw new CollectorError(
    'unsupported_media_type',
    `Content-Type ${JSON.stringify(media.slice(0, 80))} is not supported (send JSON as application/json or text/plain)`,
  )
}

/** Parses a body as a JSON object; anything else is a 400. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CollectorError('malformed_json', `body is not JSON: ${(error as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
    throw new CollectorError('invalid_body', `body must be a JSON object, got ${got}`)
  }
  return value as Record<string, unknown>
}
