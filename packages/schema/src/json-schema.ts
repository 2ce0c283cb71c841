import { z } from 'zod'
import { batchRequestSchema } from './batch.js'
import { envelopeSchema } from './envelope.js'
import { enrichedMessageSchema, messageSchema } from './messages.js'
import { sessionRecordSchema } from './session.js'

/**
 * JSON Schema documents (draft 2020-12) of the contracts, for consumers that do not speak
 * TypeScript. Generated from the zod schemas; `json-schema/*.json` are these, checked in.
 * Rules JSON Schema cannot express (timestamp is a real date, at least one id, byte limits)
 * are described in each document's `description`.
 */
export function jsonSchemas(): Record<string, object> {
  const doc = (schema: z.ZodType, title: string, description: string, io: 'input' | 'output') => ({
    title,
    description,
    ...z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }),
  })
  return {
    message: doc(
      messageSchema,
      'Message',
      'One Segment message (track, page, screen, identify, group, alias). Also: one of userId or anonymousId is required; timestamps are ISO-8601 and real dates; at most 32 KB of UTF-8 JSON; objects nest at most 16 levels; no __proto__ keys.',
      'input',
    ),
    'batch-request': doc(
      batchRequestSchema,
      'BatchRequest',
      'Body of POST /v1/batch: at most 2,500 messages and 500 KB. Each message is validated on its own against message.json.',
      'input',
    ),
    'enriched-message': doc(
      enrichedMessageSchema,
      'EnrichedMessage',
      'A message as the collector writes it to the stream: messageId, timestamp (skew-corrected) and receivedAt always set.',
      'output',
    ),
    envelope: doc(
      envelopeSchema,
      'Envelope',
      'Data of one Kinesis record: the events of one partition key (anonymousId ?? userId) from one request, at most 1 MiB with the key.',
      'output',
    ),
    'session-record': doc(
      sessionRecordSchema,
      'SessionRecord',
      'One user session as the sessionizer writes it to DynamoDB.',
      'output',
    ),
  }
}

/** A document as it is checked in: stable key order, two-space indent, trailing newline. */
export const formatJsonSchema = (doc: object): string => `${JSON.stringify(doc, null, 2)}\n`
