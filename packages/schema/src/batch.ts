import { z } from 'zod'
import { MAX_BATCH_MESSAGES } from './limits.js'
import { contextSchema, jsonObjectSchema, timestampSchema } from './messages.js'

/** Fields a request body may carry besides its messages. */
const requestFields = {
  writeKey: z.string().min(1).optional(),
  sentAt: timestampSchema.optional(),
}

/**
 * `POST /v1/batch` body. Messages are validated one by one (`validateBatch`), so one bad message
 * never fails the others; this schema checks only the envelope of the request.
 */
export const batchRequestSchema = z.looseObject({
  ...requestFields,
  batch: z.array(z.unknown()).max(MAX_BATCH_MESSAGES),
  context: contextSchema.optional(),
  integrations: jsonObjectSchema.optional(),
})
export type BatchRequest = z.infer<typeof batchRequestSchema>

/** `POST /v1/track` (and the other single-message routes): one message plus request fields. */
export const singleRequestSchema = z.looseObject(requestFields)
export type SingleRequest = z.infer<typeof singleRequestSchema>
