export type { BatchRequest } from './batch.js'
export { batchRequestSchema } from './batch.js'
export type { Channel, DeviceType, Enrichment } from './enrichment.js'
export { CHANNELS, DEVICE_TYPES, enrichmentSchema } from './enrichment.js'
export type {
  DecodeResult,
  Envelope,
  EnvelopeHead,
  EventsDecodeResult,
  InvalidEvent,
} from './envelope.js'
export {
  decodeEnvelope,
  decodeEnvelopeEvents,
  encodeEnvelope,
  envelopeSchema,
  packEnvelopes,
  safeDecodeEnvelope,
} from './envelope.js'
export type { EnvelopeDecodeReason } from './errors.js'
export { EnvelopeDecodeError, EnvelopeTooLargeError } from './errors.js'
export type { Issue, IssueCode } from './issues.js'
export type {
  LakeColumn,
  LakeColumnName,
  LakeColumnType,
  LakeRow,
  LakeValue,
} from './lake-row.js'
export {
  LAKE_COLUMNS,
  LAKE_EARLIEST_DATE,
  LAKE_PARTITION_COLUMN,
  lakeEventDate,
} from './lake-row.js'
export type { MessageType } from './limits.js'
export type {
  AliasMessage,
  EnrichedMessage,
  GroupMessage,
  IdentifyMessage,
  Message,
  PageMessage,
  ScreenMessage,
  TrackMessage,
} from './messages.js'
export { consentSchema, enrichedMessageSchema, messageSchema } from './messages.js'
export type {
  RejectedDecodeResult,
  RejectedInput,
  RejectedReason,
  RejectedRecord,
} from './rejected.js'
export {
  createRejectedRecord,
  decodeRejected,
  encodeRejected,
  REJECTED_REASONS,
  rejectedRecordSchema,
} from './rejected.js'
export type { PageRef, SessionCampaign, SessionRecord } from './session.js'
export { sessionRecordSchema } from './session.js'
export type {
  BatchValidationResult,
  InvalidMessage,
  ValidatedBatch,
  ValidationResult,
} from './validate.js'
export { messageIdOf, validateBatch, validateMessage } from './validate.js'
