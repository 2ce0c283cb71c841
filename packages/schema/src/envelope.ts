import { z } from 'zod'
import { EnvelopeDecodeError, EnvelopeTooLargeError } from './errors.js'
import { type Issue, issue, type Path } from './issues.js'
import { utf8Length } from './json-value.js'
import { MAX_PARTITION_KEY_LENGTH, MAX_RECORD_BYTES } from './limits.js'
import { type EnrichedMessage, enrichedMessageSchema, timestampSchema } from './messages.js'
import { messageIdOf } from './validate.js'

/** Current version of the Kinesis record envelope. Decoders reject versions they do not know. */
export const ENVELOPE_VERSION = 1

const headFields = {
  v: z.literal(ENVELOPE_VERSION),
  key: z.string().min(1).max(MAX_PARTITION_KEY_LENGTH),
  sourceId: z.string().min(1),
  receivedAt: timestampSchema,
}

/**
 * One Kinesis record: the events of one partition key from one request, in the order received.
 * The partition key is `anonymousId ?? userId` of every event in it. The collector packs the
 * events of one UTC event date (`lakeEventDate` of `timestamp`) per envelope, so the lake can file
 * a record under one date partition.
 */
export const envelopeSchema = z.object({
  ...headFields,
  events: z.array(enrichedMessageSchema).min(1),
})
export type Envelope = z.infer<typeof envelopeSchema>

/** An envelope but its events: what a record is about. */
export type EnvelopeHead = Omit<Envelope, 'events'>

/** The head checked, the events left for one by one. */
const headSchema = z.object({ ...headFields, events: z.array(z.unknown()).min(1) })

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** The bytes of an envelope. Throws `EnvelopeTooLargeError` when data plus key exceed 1 MiB. */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const data = encoder.encode(JSON.stringify(envelope))
  const bytes = data.byteLength + utf8Length(envelope.key)
  if (bytes > MAX_RECORD_BYTES) throw new EnvelopeTooLargeError(bytes, MAX_RECORD_BYTES)
  return data
}

/**
 * Envelopes for a key's events, as few as fit: splits greedily, in order, so that each record
 * (data plus key) stays within `maxBytes` (default: Kinesis's 1 MiB).
 */
export function packEnvelopes(
  head: Omit<Envelope, 'v' | 'events'>,
  events: readonly EnrichedMessage[],
  maxBytes = MAX_RECORD_BYTES,
): Uint8Array[] {
  if (events.length === 0) return []
  // Usually everything fits in one record: one stringify, one encode.
  const whole = encoder.encode(JSON.stringify({ v: ENVELOPE_VERSION, ...head, events }))
  if (whole.byteLength + utf8Length(head.key) <= maxBytes) return [whole]
  const prefix = `{"v":${ENVELOPE_VERSION},${JSON.stringify(head).slice(1, -1)},"events":[`
  const overhead = utf8Length(prefix) + 2 + utf8Length(head.key)
  const jsons = events.map((event) => JSON.stringify(event))

  const records: Uint8Array[] = []
  let group: string[] = []
  let size = overhead
  for (const json of jsons) {
    const bytes = utf8Length(json)
    if (overhead + bytes > maxBytes) throw new EnvelopeTooLargeError(overhead + bytes, maxBytes)
    const added = bytes + (group.length > 0 ? 1 : 0)
    if (group.length > 0 && size + added > maxBytes) {
      records.push(encoder.encode(`${prefix}${group.join(',')}]}`))
      group = []
      size = overhead
    }
    size += group.length > 0 ? bytes + 1 : bytes
    group.push(json)
  }
  records.push(encoder.encode(`${prefix}${group.join(',')}]}`))
  return records
}

/** Decodes and validates a record's data. Throws `EnvelopeDecodeError` (never a raw `SyntaxError`). */
export function decodeEnvelope(data: Uint8Array | string): Envelope {
  const result = safeDecodeEnvelope(data)
  if (!result.ok) throw result.error
  return result.value
}

export type DecodeResult = { ok: true; value: Envelope } | { ok: false; error: EnvelopeDecodeError }

/**
 * Like `decodeEnvelope`, as a result instead of a throw. All or nothing: one invalid event makes
 * the record `invalid_envelope` (`decodeEnvelopeEvents` keeps the valid ones).
 */
export function safeDecodeEnvelope(data: Uint8Array | string): DecodeResult {
  const result = decodeParts(data)
  if (!result.ok) return result
  if (result.invalid.length > 0) {
    const issues = result.invalid.flatMap(({ index, issues }) =>
      toIssues(issues, ['events', index]),
    )
    return bad(
      'invalid_envelope',
      `record is not a valid envelope: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    )
  }
  return { ok: true, value: { ...result.head, events: result.events } }
}

/** One event of a record that is not a valid enriched message. */
export interface InvalidEvent {
  /** Its position in the record's `events`. */
  index: number
  /** Its `messageId`, when it has a usable one (as `messageIdOf` reads it). */
  messageId?: string
  /** The event as the record holds it (JSON). */
  event: unknown
  /** What is wrong with it; paths from the event's root. */
  issues: Issue[]
}

export type EventsDecodeResult =
  | { ok: true; head: EnvelopeHead; events: EnrichedMessage[]; invalid: InvalidEvent[] }
  | { ok: false; error: EnvelopeDecodeError }

/**
 * Decodes a record event by event: its head (version, key, source, receivedAt, a non-empty
 * `events` array) must be valid, else the whole record fails as `safeDecodeEnvelope` fails; then
 * each event is validated on its own, so one bad event never takes its neighbours with it.
 * `events` holds the valid ones in order (none when all are bad), `invalid` the others.
 */
export function decodeEnvelopeEvents(data: Uint8Array | string): EventsDecodeResult {
  const result = decodeParts(data)
  if (!result.ok) return result
  const invalid = result.invalid.map(({ index, event, issues }): InvalidEvent => {
    const messageId = messageIdOf(event)
    return { index, ...(messageId ? { messageId } : {}), event, issues: toIssues(issues, []) }
  })
  return { ok: true, head: result.head, events: result.events, invalid }
}

type Parts =
  | {
      ok: true
      head: EnvelopeHead
      events: EnrichedMessage[]
      invalid: { index: number; event: unknown; issues: readonly z.core.$ZodIssue[] }[]
    }
  | { ok: false; error: EnvelopeDecodeError }

/** The head validated, then each event on its own: the one decoder behind both results. */
function decodeParts(data: Uint8Array | string): Parts {
  let text: string
  if (typeof data === 'string') text = data
  else {
    try {
      text = decoder.decode(data)
    } catch {
      return bad('not_utf8', 'record data is not valid UTF-8')
    }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return bad('not_json', `record data is not JSON: ${(error as Error).message}`)
  }
  const version = (json as { v?: unknown } | null)?.v
  if (typeof json === 'object' && json !== null && version !== ENVELOPE_VERSION) {
    return bad(
      'unsupported_version',
      `envelope version ${JSON.stringify(version)} is not supported (expected ${ENVELOPE_VERSION})`,
    )
  }
  const parsed = headSchema.safeParse(json)
  if (!parsed.success) {
    const issues = toIssues(parsed.error.issues, [])
    return bad(
      'invalid_envelope',
      `record is not a valid envelope: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    )
  }
  const { events: raw, ...head } = parsed.data
  const events: EnrichedMessage[] = []
  const invalid: Extract<Parts, { ok: true }>['invalid'] = []
  for (let index = 0; index < raw.length; index++) {
    const event = raw[index]
    const one = enrichedMessageSchema.safeParse(event)
    if (one.success) events.push(one.data)
    else invalid.push({ index, event, issues: one.error.issues })
  }
  return { ok: true, head, events, invalid }
}

function toIssues(issues: readonly z.core.$ZodIssue[], prefix: Path): Issue[] {
  return issues.map((zi) =>
    issue(
      [...prefix, ...zi.path.filter((p): p is string | number => typeof p !== 'symbol')],
      'invalid_value',
      zi.message,
    ),
  )
}

const bad = (
  reason: EnvelopeDecodeError['reason'],
  message: string,
  issues: EnvelopeDecodeError['issues'] = [],
): { ok: false; error: EnvelopeDecodeError } => ({
  ok: false,
  error: new EnvelopeDecodeError(reason, message, issues),
})
