import { z } from 'zod'
import { ISSUE_CODES, type Issue } from './issues.js'
import { utf8Length } from './json-value.js'
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_ID_LENGTH } from './limits.js'
import { timestampSchema } from './messages.js'

/** Current version of the rejected-event record. Decoders reject versions they do not know. */
export const REJECTED_VERSION = 1

/**
 * Longest `raw` kept in a rejected record, as UTF-8 bytes of the message's JSON: a message within
 * the message limit is kept whole; a larger one is cut (and `truncated` is set).
 */
export const MAX_REJECTED_RAW_BYTES = MAX_MESSAGE_BYTES

/**
 * Why a rejected record was written: `invalid` (absent in records written before there were
 * reasons) — the message broke the schema or a consent rule and is not in the stream;
 * `plan_blocked` — it broke its source's tracking plan, whose policy is `block`: not in the stream;
 * `plan_flagged` — it broke the plan, whose policy is `flag`: it **is** in the stream too, with
 * `context.violations`. Consumers that re-send rejected events must skip `plan_flagged` ones.
 */
export const REJECTED_REASONS = ['invalid', 'plan_blocked', 'plan_flagged'] as const
export type RejectedReason = (typeof REJECTED_REASONS)[number]

export const issueSchema = z.object({
  path: z.string(),
  code: z.enum(ISSUE_CODES),
  message: z.string(),
})

/**
 * One invalid message, set aside by the collector with its reasons (the rejected-events sink).
 * `raw` is the message as the client sent it, as JSON text, cut to {@link MAX_REJECTED_RAW_BYTES}.
 * Write keys never appear in it.
 */
export const rejectedRecordSchema = z.object({
  v: z.literal(REJECTED_VERSION),
  sourceId: z.string().min(1),
  receivedAt: timestampSchema,
  /** Position of the message in its request's batch (0 for single-message routes). */
  index: z.number().int().nonnegative(),
  messageId: z.string().min(1).max(MAX_MESSAGE_ID_LENGTH).optional(),
  /** Absent: `invalid`. */
  reason: z.enum(REJECTED_REASONS).optional(),
  issues: z.array(issueSchema).min(1),
  raw: z.string(),
  truncated: z.boolean(),
})
export type RejectedRecord = z.infer<typeof rejectedRecordSchema>

export interface RejectedInput {
  sourceId: string
  receivedAt: string
  index: number
  messageId?: string
  /** @default 'invalid' (not written) */
  reason?: RejectedReason
  issues: Issue[]
  /** The message as received (any JSON value). */
  raw: unknown
}

/** Builds a rejected record: serialises `raw` and cuts it to the bound. */
export function createRejectedRecord(input: RejectedInput): RejectedRecord {
  const json = safeStringify(input.raw)
  const raw = truncateUtf8(json, MAX_REJECTED_RAW_BYTES)
  return {
    v: REJECTED_VERSION,
    sourceId: input.sourceId,
    receivedAt: input.receivedAt,
    index: input.index,
    ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
    ...(input.reason === undefined || input.reason === 'invalid' ? {} : { reason: input.reason }),
    issues: input.issues,
    raw,
    truncated: raw.length !== json.length,
  }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeRejected(record: RejectedRecord): Uint8Array {
  return encoder.encode(JSON.stringify(record))
}

export type RejectedDecodeResult =
  | { ok: true; value: RejectedRecord }
  | { ok: false; issues: Issue[] }

/** Decodes and validates a rejected record's bytes. Never throws. */
export function decodeRejected(data: Uint8Array | string): RejectedDecodeResult {
  let json: unknown
  try {
    json = JSON.parse(typeof data === 'string' ? data : decoder.decode(data))
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '', code: 'not_json', message: `not JSON: ${(error as Error).message}` }],
    }
  }
  const parsed = rejectedRecordSchema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map((zi) => ({
      path: zi.path.map(String).join('.'),
      code: 'invalid_value',
      message: zi.message,
    })),
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    return JSON.stringify(String(value))
  }
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a surrogate pair. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text
  let end = Math.min(text.length, maxBytes)
  while (end > 0 && utf8Length(text.slice(0, end)) > maxBytes) {
    end -= Math.max(1, Math.floor((utf8Length(text.slice(0, end)) - maxBytes) / 4))
  }
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return text.slice(0, end)
}
