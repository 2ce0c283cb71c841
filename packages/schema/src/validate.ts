import type { z } from 'zod'
import { batchRequestSchema } from './batch.js'
import { checkBatchFields, mergedMessageBytes, outputIssue } from './batch-fields.js'
import { fitsBatchRequest, fitsMessageShape } from './fast-shape.js'
import { describeType, type Issue, type IssueCode, issue } from './issues.js'
import { checkJson, MAX_ISSUES_PER_MESSAGE, utf8LengthOver } from './json-value.js'
import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, MESSAGE_TYPES, type MessageType } from './limits.js'
import { type Message, messageShapes } from './messages.js'

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

/**
 * What `validateBatch` returns. A failure is the whole request's: `invalid_request` (not a batch,
 * too many messages, bad batch-level fields) or `output_too_large` (its batch-level fields copied
 * into each message would pass `MAX_REQUEST_OUTPUT_BYTES`).
 */
export type BatchValidationResult =
  | { ok: true; value: ValidatedBatch }
  | { ok: false; reason: 'invalid_request' | 'output_too_large'; issues: Issue[] }

/** One invalid message of a batch: where it was and everything wrong with it. */
export interface InvalidMessage {
  index: number
  messageId?: string
  issues: Issue[]
}

export interface ValidatedBatch {
  /** The request's fields besides `batch` (`sentAt`, `writeKey`, `context`, …). */
  request: Omit<z.infer<typeof batchRequestSchema>, 'batch'>
  valid: { index: number; message: Message }[]
  invalid: InvalidMessage[]
}

const isType = (t: unknown): t is MessageType => MESSAGE_TYPES.includes(t as MessageType)
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Validates one message against the schema and the limits. Every issue names its field:
 * `properties.price: expected number, got string`. Never throws, whatever the input. A valid
 * message is returned as it is (not a copy) when it fits the schema's shape at first sight, which
 * is almost always; zod parses (and copies) the rest and explains what is wrong.
 */
export function validateMessage(input: unknown, size?: number): ValidationResult<Message> {
  const checked = checkMessage(input, size)
  return checked.ok ? { ok: true, value: checked.value } : checked
}

/** A checked message: `validateMessage`'s result, a valid one with an upper bound of its size. */
type Checked = { ok: true; value: Message; bytes: number } | { ok: false; issues: Issue[] }

/** `validateMessage`, plus an upper bound of the message's UTF-8 size (exact when it was measured). */
function checkMessage(input: unknown, size?: number): Checked {
  if (!isRecord(input)) {
    return invalidMessage([
      issue([], 'invalid_type', `expected object, got ${describeType(input)}`),
    ])
  }
  const type = input.type
  if (type === undefined) return invalidMessage([issue(['type'], 'required', 'is required')])
  if (!isType(type)) {
    const got = typeof type === 'string' ? JSON.stringify(type) : describeType(type)
    return invalidMessage([
      issue(['type'], 'unknown_type', `expected one of ${MESSAGE_TYPES.join(', ')}, got ${got}`),
    ])
  }

  const { issues, maxBytes } = checkJson(input)
  let value = input as Message
  if (issues.length > 0 || !fitsMessageShape(type, input)) {
    const parsed = messageShapes[type].safeParse(input)
    if (parsed.success) value = parsed.data as Message
    else for (const zi of parsed.error.issues) issues.push(fromZod(zi, input))
  }
  if (!input.userId && !input.anonymousId && type !== 'alias') {
    issues.push(issue([], 'missing_id', 'one of userId or anonymousId is required'))
  }
  let bytes = size ?? maxBytes
  if (issues.length === 0 && bytes > MAX_MESSAGE_BYTES) {
    // Only messages that might be too large are measured exactly.
    bytes = size ?? utf8LengthOver(JSON.stringify(input), MAX_MESSAGE_BYTES)
    if (bytes > MAX_MESSAGE_BYTES) issues.push(tooLarge(bytes, ''))
  }
  if (issues.length > 0) return invalidMessage(dedupe(issues).slice(0, MAX_ISSUES_PER_MESSAGE))
  return { ok: true, value: withoutEmptyIds(value), bytes }
}

/**
 * An empty `userId` / `anonymousId` counts as absent, as `null` does (RudderStack's JS SDK sends
 * `"userId": ""` until `identify`): a valid message has another id, so the empty one is dropped
 * from a copy (the input is never changed) and no consumer sees `""` as an id.
 */
function withoutEmptyIds(message: Message): Message {
  if (message.userId !== '' && message.anonymousId !== '') return message
  return Object.fromEntries(
    Object.entries(message).filter(
      ([key, v]) => v !== '' || (key !== 'userId' && key !== 'anonymousId'),
    ),
  ) as Message
}

const tooLarge = (bytes: number, merged: string) =>
  issue(
    [],
    'too_large',
    `${bytes} bytes${merged} is larger than the ${MAX_MESSAGE_BYTES}-byte message limit`,
  )

/**
 * Validates a `/v1/batch` body: the request first (a failure there fails the whole request), then
 * each message on its own, so invalid messages never poison valid ones. The batch-level `context`
 * and `integrations` get a message's structural checks before any schema sees them, their bytes are
 * bounded, and so are the copies they would make: a message that they would push past the message
 * limit is invalid on its own (`too_large`), a batch they would turn into more than
 * `MAX_REQUEST_OUTPUT_BYTES` fails whole (`output_too_large`), before any message is looked at.
 */
export function validateBatch(input: unknown): BatchValidationResult {
  if (!isRecord(input)) {
    return refuse([issue([], 'invalid_type', `expected object, got ${describeType(input)}`)])
  }
  if (Array.isArray(input.batch) && input.batch.length > MAX_BATCH_MESSAGES) {
    return refuse([
      issue(
        ['batch'],
        'too_large',
        `${input.batch.length} messages is more than the ${MAX_BATCH_MESSAGES} allowed in one batch`,
      ),
    ])
  }
  const fields = checkBatchFields(input)
  if (fields.issues.length > 0) return refuse(fields.issues)
  let body = input as z.infer<typeof batchRequestSchema>
  if (!fitsBatchRequest(input)) {
    const parsed = batchRequestSchema.safeParse(input)
    if (!parsed.success) return refuse(parsed.error.issues.map((zi) => fromZod(zi, input)))
    body = parsed.data
  }
  const { batch, ...request } = body
  const output = outputIssue(batch.length, fields.bytes)
  if (output) return refuse([output], 'output_too_large')
  const valid: ValidatedBatch['valid'] = []
  const invalid: InvalidMessage[] = []
  for (let index = 0; index < batch.length; index++) {
    const raw = batch[index]
    const result = checkMessage(raw)
    if (!result.ok) {
      invalid.push({ index, messageId: messageIdOf(raw), issues: result.issues })
      continue
    }
    if (fields.bytes > 0) {
      const merged = mergedMessageBytes(result.value, request, result.bytes, fields.bytes)
      if (merged > MAX_MESSAGE_BYTES) {
        const issues = [
          tooLarge(merged, ' with the batch-level context and integrations merged in'),
        ]
        invalid.push({ index, messageId: messageIdOf(raw), issues })
        continue
      }
    }
    valid.push({ index, message: result.value })
  }
  return { ok: true, value: { request, valid, invalid } }
}

/** The `messageId` of a raw message, when it has a usable one. */
export function messageIdOf(raw: unknown): string | undefined {
  if (!isRecord(raw)) return undefined
  const id = raw.messageId
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined
}

/** Maps a zod issue to ours, with a message that names the field and what it got. */
function fromZod(zi: z.core.$ZodIssue, input: unknown): Issue {
  const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol')
  const value = valueAt(input, path)
  switch (zi.code) {
    case 'invalid_type':
      if (value === undefined) return issue(path, 'required', 'is required')
      return issue(path, 'invalid_type', `expected ${zi.expected}, got ${describeType(value)}`)
    case 'too_small':
      if (zi.origin === 'string' && Number(zi.minimum) <= 1)
        return issue(path, 'empty', 'must not be empty')
      return issue(path, 'invalid_value', zi.message)
    case 'too_big':
      if (zi.origin === 'string') {
        const got = typeof value === 'string' ? `, got ${value.length}` : ''
        return issue(path, 'too_long', `must be at most ${zi.maximum} characters${got}`)
      }
      return issue(path, 'too_large', zi.message)
    case 'invalid_value':
      return issue(
        path,
        'invalid_value',
        `expected ${zi.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(value) ?? describeType(value)}`,
      )
    case 'custom': {
      const code = (zi.params?.code as IssueCode | undefined) ?? 'invalid_value'
      const got = typeof value === 'string' ? `, got ${JSON.stringify(value.slice(0, 64))}` : ''
      return issue(path, code, `${zi.message}${got}`)
    }
    default:
      return issue(path, 'invalid_value', zi.message)
  }
}

function valueAt(input: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.code}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const invalidMessage = (issues: Issue[]): Checked => ({ ok: false, issues })

const refuse = (
  issues: Issue[],
  reason: 'invalid_request' | 'output_too_large' = 'invalid_request',
): BatchValidationResult => ({ ok: false, reason, issues })
