/**
 * Limits of the wire format and of the Kinesis envelope. Zod-free, so the browser SDK can import
 * them (`@clickstream/schema/lite`) without pulling zod into its bundle.
 */

/** Largest message, as UTF-8 bytes of its JSON. Segment's limit. */
export const MAX_MESSAGE_BYTES = 32 * 1024
/** Largest request body (after gzip inflation), as UTF-8 bytes. Segment's limit. */
export const MAX_REQUEST_BYTES = 500 * 1024
/**
 * Largest batch-level `context` and `integrations` together, as UTF-8 bytes of
 * `{"context":…,"integrations":…}`. They are copied under every message's own, and a message holds
 * 32 KB: larger shared fields could only fit messages that override most of their keys.
 */
export const MAX_BATCH_FIELDS_BYTES = MAX_MESSAGE_BYTES
/**
 * Most bytes one batch may turn into once its batch-level fields are merged into each message,
 * estimated before anything is copied as the request limit (the messages' own bytes) plus the
 * number of messages times the batch-level fields' bytes: 4× the request limit, which leaves a
 * full 2,500-message batch 614 shared bytes, a batch of up to 46 messages the whole 32 KB.
 */
export const MAX_REQUEST_OUTPUT_BYTES = 4 * MAX_REQUEST_BYTES
/** Most messages in one batch request. */
export const MAX_BATCH_MESSAGES = 2500
/** Longest `messageId`. */
export const MAX_MESSAGE_ID_LENGTH = 100
/** Longest `userId`, `anonymousId`, `groupId`, `previousId`. */
export const MAX_ID_LENGTH = 256
/** Longest `event`, `name`, `category`. */
export const MAX_NAME_LENGTH = 256
/** Longest object key anywhere in a message. */
export const MAX_KEY_LENGTH = 256
/** Deepest nesting of objects and arrays inside one top-level field (`properties`, `traits`, `context`, …). */
export const MAX_NESTING_DEPTH = 16
/** Largest Kinesis record: data plus partition key. */
export const MAX_RECORD_BYTES = 1024 * 1024
/** Longest Kinesis partition key, in Unicode code points. */
export const MAX_PARTITION_KEY_LENGTH = 256
/** Most distinct event names counted per session; the rest are added up under {@link OTHER_EVENTS_KEY}. */
export const MAX_SESSION_EVENT_NAMES = 50
/** Counter key for event names past {@link MAX_SESSION_EVENT_NAMES}. */
export const OTHER_EVENTS_KEY = '$other'

/** The six message types of Segment's spec. */
export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

/** Keys that are never accepted: they could reach an object's prototype in careless consumers. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__'])
