export type { ResolvedSessionRules, SessionRulesOptions } from './core/options.js'
export { resolveSessionRules } from './core/options.js'
export { sessionIdOf } from './core/session-id.js'
export { isSessionClosed } from './core/summarize.js'
export type { DeadLetter, DeadLetterEntry, DeadLetterReason } from './dead-letter/dead-letter.js'
export type { TableDeadLetterOptions } from './dead-letter/dynamodb-table.js'
export { createTableDeadLetter } from './dead-letter/dynamodb-table.js'
export type { KinesisDeadLetterOptions } from './dead-letter/kinesis.js'
export { createKinesisDeadLetter } from './dead-letter/kinesis.js'
export { createMemoryDeadLetter } from './dead-letter/memory.js'
export { ConfigError, DeadLetterRejectedError, StateTooLargeError } from './errors.js'
export type { HandlerOptions, SessionizerHandler } from './handler/create-handler.js'
export { createHandler } from './handler/create-handler.js'
export { mapWithConcurrency } from './map-with-concurrency.js'
export type { DynamoDbSessionStoreOptions } from './session-store/dynamodb.js'
export { createDynamoDbSessionStore } from './session-store/dynamodb.js'
export {
  createSessionTable,
  SESSION_SK_PREFIX,
  sessionTableDefinition,
  TTL_ATTRIBUTE,
} from './session-store/dynamodb-table.js'
export { createMemorySessionStore } from './session-store/memory.js'
export type {
  CommitResult,
  SessionCommit,
  SessionRef,
  SessionStore,
  StoredKeyState,
} from './session-store/session-store.js'
export type { SessionizerConfig } from './sessionizer/config.js'
export type { Sessionizer, SessionizerDeps } from './sessionizer/create-sessionizer.js'
export { createSessionizer } from './sessionizer/create-sessionizer.js'
