import type { Suppression } from '@clickstream/privacy'
import {
  createRejectedRecord,
  type EnrichedMessage,
  encodeRejected,
  type InvalidMessage,
  lakeEventDate,
  type Message,
  type MessageType,
  messageIdOf,
  packEnvelopes,
  validateBatch,
  validateMessage,
} from '@clickstream/schema'
import { parseTimestamp } from '@clickstream/schema/lite'
import { enforcePlan, type TrackingPlan, type Violation } from '@clickstream/tracking-plan'
import { CollectorError } from '../errors.js'
import { isJsonObject } from '../json-object.js'
import type { PrivacyRules } from '../privacy/apply.js'
import type { SinkRecord } from '../sink/sink.js'
import { createEnricher, partitionKey, type RequestFacts } from './enrich.js'

/** Which kind of route a request came in on. */
export type Route = 'batch' | MessageType

export interface Prepared {
  /**
   * One envelope per partition key and UTC event date (split past 1 MiB), in order of first
   * appearance: the events of one key keep their order across envelopes.
   */
  records: SinkRecord[]
  /** One rejected record per invalid message, keyed by source id. */
  rejectedRecords: SinkRecord[]
  accepted: number
  /** Invalid messages and those a consent rule dropped (`consent_denied`), by position. */
  invalid: InvalidMessage[]
  /** Of `invalid`, the messages a consent rule dropped. */
  consentDenied: number
  /** Of `invalid`, the messages of suppressed people (no rejected record: nothing of theirs is kept). */
  suppressed: number
  /** Messages a consent rule stripped keys from (stored). */
  consentStripped: number
  /** Of `invalid`, the messages the source's tracking plan blocked. */
  planBlocked: number
  /** Messages that broke the tracking plan and were stored with `context.violations`. */
  planFlagged: number
}

type Facts = Omit<RequestFacts, 'sentAt' | 'context' | 'integrations'>

/**
 * Validates, applies the source's privacy rules to, enriches and packs a parsed body. Throws
 * `CollectorError` for a bad request shape.
 */
export async function prepare(
  body: Record<string, unknown>,
  route: Route,
  sourceId: string,
  facts: Facts,
  rules: {
    privacy?: PrivacyRules | undefined
    suppression?: Suppression | undefined
    trackingPlan?: TrackingPlan | undefined
  } = {},
): Promise<Prepared> {
  const parsed = route === 'batch' ? batch(body) : single(body, route)
  const { raws, request } = parsed
  const { kept: allowed, suppressed } = await suppress(parsed.valid, rules.suppression)
  const outcome = rules.privacy
    ? await rules.privacy.apply(allowed)
    : { kept: allowed, denied: [], stripped: 0 }
  const denied: InvalidMessage[] = outcome.denied.map(({ index, message, issues }) => ({
    index,
    ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
    issues,
  }))
  // The plan checks events as they will be stored (after the privacy rules), so what the rules
  // remove never reaches the rejected records through a violation either.
  const planned = checkPlan(outcome.kept, rules.trackingPlan)
  const valid = planned.kept
  const invalid = [...parsed.invalid, ...denied, ...suppressed, ...planned.blocked].sort(
    (a, b) => a.index - b.index,
  )
  const sentAt = typeof request.sentAt === 'string' ? request.sentAt : undefined
  const full: RequestFacts = {
    ...facts,
    ...(sentAt ? { sentAt } : {}),
    ...(isJsonObject(request.context) ? { context: request.context } : {}),
    ...(isJsonObject(request.integrations) ? { integrations: request.integrations } : {}),
  }
  const receivedAt = new Date(facts.receivedAt).toISOString()
  // One envelope per partition key and event date: the lake files an envelope under one date.
  const groups = new Map<string, { key: string; events: EnrichedMessage[] }>()
  const enrich = createEnricher(full)
  for (const message of valid) {
    const enriched = enrich(message)
    const key = partitionKey(enriched)
    const date = lakeEventDate(parseTimestamp(enriched.timestamp) ?? facts.receivedAt)
    const groupKey = `${date}\u0000${key}`
    const group = groups.get(groupKey)
    if (group) group.events.push(enriched)
    else groups.set(groupKey, { key, events: [enriched] })
  }
  const records: SinkRecord[] = []
  for (const { key, events } of groups.values()) {
    for (const data of packEnvelopes({ key, sourceId, receivedAt }, events)) {
      records.push({ partitionKey: key, data })
    }
  }
  const rejectedRecords = [
    ...[...parsed.invalid, ...denied].map((bad) => ({
      ...bad,
      raw: withoutWriteKey(raws[bad.index]),
    })),
    ...planned.records,
  ].map((bad) => ({
    partitionKey: sourceId,
    data: encodeRejected(createRejectedRecord({ ...bad, sourceId, receivedAt })),
  }))
  return {
    records,
    rejectedRecords,
    accepted: valid.length,
    invalid,
    consentDenied: denied.length,
    suppressed: suppressed.length,
    consentStripped: outcome.stripped,
    planBlocked: planned.blocked.length,
    planFlagged: planned.flagged,
  }
}

interface Planned {
  /** The messages to store; a flagged one carries its violations as `context.violations`. */
  kept: Message[]
  /** The messages the plan blocked, with their violations as the issues the client gets. */
  blocked: InvalidMessage[]
  /** Rejected records to write: one per blocked or flagged message (`reason` says which). */
  records: (InvalidMessage & { reason: 'plan_blocked' | 'plan_flagged'; raw: unknown })[]
  flagged: number
}

/** Applies the source's tracking plan (`@clickstream/tracking-plan`) to the messages to store. */
function checkPlan(
  messages: { index: number; message: Message }[],
  plan: TrackingPlan | undefined,
): Planned {
  if (!plan) return { kept: messages.map((m) => m.message), blocked: [], records: [], flagged: 0 }
  const out: Planned = { kept: [], blocked: [], records: [], flagged: 0 }
  for (const { index, message } of messages) {
    const verdict = enforcePlan(plan, message)
    if (verdict.action === 'keep') {
      out.kept.push(withoutViolations(message))
      continue
    }
    const { messageId } = message
    const bad = {
      index,
      ...(messageId === undefined ? {} : { messageId }),
      issues: verdict.violations,
    }
    if (verdict.action === 'block') {
      out.blocked.push(bad)
      out.records.push({ ...bad, reason: 'plan_blocked', raw: message })
      continue
    }
    out.flagged += 1
    out.records.push({ ...bad, reason: 'plan_flagged', raw: message })
    out.kept.push(withViolations(message, verdict.violations))
  }
  return out
}

/**
 * The message without a `context.violations` of the client's own: for a source with a plan, that
 * key is the collector's (the lake's violations column), so a client cannot fake or hide one.
 */
function withoutViolations(message: Message): Message {
  const { context } = message
  if (!isJsonObject(context) || !('violations' in context)) return message
  const { violations: _violations, ...rest } = context
  return { ...message, context: rest } as Message
}

/** The message with its violations under `context.violations` (as Segment Protocols records them). */
function withViolations(message: Message, violations: Violation[]): Message {
  const context = isJsonObject(message.context) ? message.context : {}
  return { ...message, context: { ...context, violations } } as Message
}

interface Parsed {
  valid: { index: number; message: Message }[]
  invalid: InvalidMessage[]
  raws: readonly unknown[]
  request: Record<string, unknown>
}

function batch(body: Record<string, unknown>): Parsed {
  const result = validateBatch(body)
  if (!result.ok) {
    const text = result.issues.map((i) => i.message).join('; ')
    throw result.reason === 'output_too_large'
      ? new CollectorError('output_too_large', `batch too large once merged: ${text}`, {
          issues: result.issues,
        })
      : new CollectorError('invalid_body', `not a batch request: ${text}`, {
          issues: result.issues,
        })
  }
  const { valid, invalid, request } = result.value
  return {
    valid,
    invalid,
    raws: body.batch as unknown[],
    request,
  }
}

function single(body: Record<string, unknown>, type: MessageType): Parsed {
  if (body.type !== undefined && body.type !== type) {
    const got =
      typeof body.type === 'string' ? JSON.stringify(body.type.slice(0, 40)) : 'non-string'
    throw new CollectorError('type_mismatch', `route /v1/${type} got a message of type ${got}`)
  }
  const message = body.type === undefined ? { ...body, type } : body
  const result = validateMessage(message)
  const request = { sentAt: body.sentAt }
  if (result.ok) {
    return { valid: [{ index: 0, message: result.value }], invalid: [], raws: [message], request }
  }
  const messageId = messageIdOf(body)
  const id = messageId ? { messageId } : {}
  return {
    valid: [],
    invalid: [{ index: 0, ...id, issues: result.issues }],
    raws: [message],
    request,
  }
}

/** Splits off the messages of suppressed people, answered `suppressed` and kept nowhere. */
async function suppress(
  messages: { index: number; message: Message }[],
  suppression: Suppression | undefined,
): Promise<{ kept: { index: number; message: Message }[]; suppressed: InvalidMessage[] }> {
  if (!suppression || suppression.size === 0) return { kept: messages, suppressed: [] }
  const kept: { index: number; message: Message }[] = []
  const suppressed: InvalidMessage[] = []
  for (const entry of messages) {
    if (!(await suppression.suppresses(entry.message))) {
      kept.push(entry)
      continue
    }
    const { messageId } = entry.message
    suppressed.push({
      index: entry.index,
      ...(messageId === undefined ? {} : { messageId }),
      issues: [
        {
          path: '',
          code: 'suppressed',
          message: 'this person was deleted: nothing of theirs is stored',
        },
      ],
    })
  }
  return { kept, suppressed }
}

function withoutWriteKey(raw: unknown): unknown {
  if (!isJsonObject(raw) || !('writeKey' in raw)) return raw
  const { writeKey: _writeKey, ...rest } = raw
  return rest
}
