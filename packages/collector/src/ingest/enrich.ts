import { anonymizeIp } from '@clickstream/enrich/ip'
import type { EnrichedMessage, Message } from '@clickstream/schema'
import { formatTimestamp, parseTimestamp } from '@clickstream/schema/lite'

/** What the collector knows about a request, applied to each of its messages. */
export interface RequestFacts {
  /** Epoch milliseconds the request arrived. */
  receivedAt: number
  /** The request's `sentAt` (batch level), when the client sent one. */
  sentAt?: string
  /** The client's address, when known. */
  ip?: string
  /** Zero the last IPv4 octet / last 80 bits of IPv6, wherever the address came from. */
  anonymiseIp: boolean
  /** Batch-level `context` / `integrations` (Segment's batch API): merged under each message's own. */
  context?: Record<string, unknown>
  integrations?: Record<string, unknown>
  newMessageId: () => string
}

/**
 * A valid message as it enters the stream: `receivedAt`; a skew-corrected `timestamp`
 * (`receivedAt − (sentAt − originalTimestamp)`, `receivedAt` when that time cannot be true;
 * `originalTimestamp` and `sentAt` kept as sent);
 * `context.ip`; a `messageId` when missing. The write key is removed.
 */
export function enrichMessage(message: Message, facts: RequestFacts): EnrichedMessage {
  return createEnricher(facts)(message)
}

/**
 * `enrichMessage` for all the messages of one request: the request's times are parsed and
 * formatted once (they cost more than the rest of enrichment).
 */
export function createEnricher(facts: RequestFacts): (message: Message) => EnrichedMessage {
  const receivedAt = formatTimestamp(facts.receivedAt)
  const requestSentMs = facts.sentAt === undefined ? undefined : parseTimestamp(facts.sentAt)
  return (message) => {
    const out = copyInto({}, message, 'writeKey')
    const original = message.timestamp ?? message.originalTimestamp
    const sentAt = message.sentAt ?? facts.sentAt
    const context = copyInto(copyInto({}, facts.context), message.context)
    const ip = typeof context.ip === 'string' && context.ip ? context.ip : facts.ip
    if (ip) context.ip = facts.anonymiseIp ? anonymizeIp(ip) : ip
    const integrations = facts.integrations
      ? copyInto(copyInto({}, facts.integrations), message.integrations)
      : message.integrations
    const sentMs = message.sentAt === undefined ? requestSentMs : parseTimestamp(message.sentAt)
    out.messageId = message.messageId ?? facts.newMessageId()
    if (hasKeys(context)) out.context = context
    if (integrations) out.integrations = integrations
    if (original !== undefined) out.originalTimestamp = original
    if (sentAt !== undefined) out.sentAt = sentAt
    out.timestamp = skewCorrected(facts.receivedAt, original, sentMs) ?? receivedAt
    out.receivedAt = receivedAt
    return out as EnrichedMessage
  }
}

/**
 * Copies `source`'s own keys (but `except`) onto `target`, as spreading would. A loop rather than
 * spread: V8 spreads `JSON.parse` objects slowly once keys are added to the copy (measured 8× on
 * the collector's hot path). `__proto__` is defined as a plain key, never set as the prototype.
 */
function copyInto(
  target: Record<string, unknown>,
  source: object | undefined,
  except?: string,
): Record<string, unknown> {
  if (source === undefined) return target
  const from = source as Record<string, unknown>
  for (const key in from) {
    if (key === except || !Object.hasOwn(from, key)) continue
    if (key === '__proto__') {
      Object.defineProperty(target, key, {
        value: from[key],
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else target[key] = from[key]
  }
  return target
}

function hasKeys(object: object): boolean {
  for (const _ in object) return true
  return false
}

/**
 * The time of an event: `receivedAt − (sentAt − original)` when both are known, the client's own
 * time without `sentAt`, `undefined` without a client time (the caller then uses `receivedAt`).
 * A time no clock can have meant is not trusted and becomes `receivedAt` (see `skewCorrected`).
 */
export function correctedTimestamp(
  receivedAt: number,
  original: string | undefined,
  sentAt: string | undefined,
): string | undefined {
  return skewCorrected(
    receivedAt,
    original,
    sentAt === undefined ? undefined : parseTimestamp(sentAt),
  )
}

/** 0000-01-01T00:00:00.000Z: the first instant a timestamp (four-digit year) can say. */
const EARLIEST_MS = -62167219200000

/**
 * The corrected time, trusted only between year 0000 and `receivedAt`: an event cannot have
 * happened after the collector received it (with `sentAt`, that means it was made after it was
 * sent: a clock that jumped), and a time before year 0000 is no timestamp at all. Anything else
 * is `receivedAt`, so the stream only ever carries timestamps the schema accepts. Past times are
 * kept however old: backfills carry them, and offline queues flush days later.
 */
function skewCorrected(
  receivedAt: number,
  original: string | undefined,
  sentMs: number | undefined,
): string | undefined {
  const originalMs = original === undefined ? undefined : parseTimestamp(original)
  if (originalMs === undefined) return undefined
  const corrected = sentMs === undefined ? originalMs : receivedAt - (sentMs - originalMs)
  return formatTimestamp(corrected > receivedAt || corrected < EARLIEST_MS ? receivedAt : corrected)
}

/** The partition key of a message: `anonymousId ?? userId`. */
export function partitionKey(message: EnrichedMessage): string {
  return (message.anonymousId || message.userId) as string
}
