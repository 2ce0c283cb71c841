import { type Issue, issue } from './issues.js'
import { checkJson, utf8Length, utf8LengthOver } from './json-value.js'
import {
  MAX_BATCH_FIELDS_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_REQUEST_BYTES,
  MAX_REQUEST_OUTPUT_BYTES,
} from './limits.js'

/*
 * The batch's own `context` and `integrations` (Segment's batch API). The collector copies them
 * under every message's own (top-level keys, the message's winning), so one request can turn a few
 * shared bytes into many: they are held to a message's structural limits, to a size, and the copies
 * they would make are bounded before anything is copied.
 */

/** The batch-level fields of a body, as sent. */
export interface BatchFields {
  context?: unknown
  integrations?: unknown
}

export interface BatchFieldsCheck {
  issues: Issue[]
  /** UTF-8 bytes of `{"context":…,"integrations":…}`; 0 when the body has neither. */
  bytes: number
}

/**
 * Checks the batch-level fields with the walk that checks a message (`checkJson`: nesting, key
 * length, forbidden keys, numbers, long strings, values JSON cannot carry), before any schema sees
 * them, then holds them together to {@link MAX_BATCH_FIELDS_BYTES}. Issue paths start at the field
 * (`context.page.url`). Never recurses past the nesting limit.
 */
export function checkBatchFields(body: BatchFields): BatchFieldsCheck {
  const fields = presentFields(body)
  if (fields === undefined) return { issues: [], bytes: 0 }
  const { issues } = checkJson(fields as Record<string, unknown>)
  if (issues.length > 0) return { issues, bytes: 0 }
  // Within the nesting limit now, and no larger than the body: one exact measure is cheap.
  const bytes = utf8Length(JSON.stringify(fields))
  if (bytes <= MAX_BATCH_FIELDS_BYTES) return { issues: [], bytes }
  const field =
    fields.integrations !== undefined &&
    (fields.context === undefined ||
      JSON.stringify(fields.integrations).length > JSON.stringify(fields.context).length)
      ? 'integrations'
      : 'context'
  const detail = `the batch-level context and integrations are ${bytes} bytes together, larger than the ${MAX_BATCH_FIELDS_BYTES}-byte limit (they are copied into every message)`
  return { issues: [issue([field], 'too_large', detail)], bytes }
}

/**
 * What a batch turns into once its batch-level fields are copied into each of its `messages`,
 * estimated from sizes known before anything is copied: the request limit (the messages' own
 * bytes, as they came in one request) plus `messages` × the fields' bytes.
 */
export function mergedOutputBytes(messages: number, fieldBytes: number): number {
  return fieldBytes === 0 ? 0 : MAX_REQUEST_BYTES + messages * fieldBytes
}

/** The issue of a batch whose merged output would pass {@link MAX_REQUEST_OUTPUT_BYTES}, if it would. */
export function outputIssue(messages: number, fieldBytes: number): Issue | undefined {
  const output = mergedOutputBytes(messages, fieldBytes)
  if (output <= MAX_REQUEST_OUTPUT_BYTES) return undefined
  return issue(
    ['batch'],
    'too_large',
    `${messages} messages × ${fieldBytes} bytes of batch-level context and integrations would make up to ${output} bytes, more than the ${MAX_REQUEST_OUTPUT_BYTES} one request may turn into`,
  )
}

/**
 * The UTF-8 size of a valid message with the batch-level fields merged in as the collector merges
 * them, when it may pass the message limit; otherwise some value within it. `messageBytes` is an
 * upper bound of the message's own size: the sum of the two bounds the merge, so only a message
 * near the limit is merged (shallowly) and measured.
 */
export function mergedMessageBytes(
  message: Record<string, unknown>,
  fields: BatchFields,
  messageBytes: number,
  fieldBytes: number,
): number {
  if (messageBytes + fieldBytes <= MAX_MESSAGE_BYTES) return messageBytes + fieldBytes
  const merged: Record<string, unknown> = { ...message }
  if (isObject(fields.context)) merged.context = { ...fields.context, ...asObject(message.context) }
  if (isObject(fields.integrations)) {
    merged.integrations = { ...fields.integrations, ...asObject(message.integrations) }
  }
  return utf8LengthOver(JSON.stringify(merged), MAX_MESSAGE_BYTES)
}

function presentFields(body: BatchFields): BatchFields | undefined {
  const { context, integrations } = body
  if (context === undefined && integrations === undefined) return undefined
  const fields: BatchFields = {}
  if (context !== undefined) fields.context = context
  if (integrations !== undefined) fields.integrations = integrations
  return fields
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const asObject = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {})
