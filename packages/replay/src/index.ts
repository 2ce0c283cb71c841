export type { DlqInput, ReplayConfig, SourceName } from './args.js'
export { HELP, parseReplayArgs, SOURCES } from './args.js'
export type { DlqOutcome, DrainOptions, DrainResult } from './dlq/drain.js'
export { drainDlq } from './dlq/drain.js'
export type { DlqBatch } from './dlq/message.js'
export { parseDlqMessage } from './dlq/message.js'
export type { DlqQueue, DlqQueueMessage } from './dlq/queue.js'
export type { MemoryDlqQueue } from './dlq/queue-memory.js'
export { createMemoryDlqQueue } from './dlq/queue-memory.js'
export type { SqsDlqQueueOptions } from './dlq/queue-sqs.js'
export { createSqsDlqQueue } from './dlq/queue-sqs.js'
export type { ReplayErrorCode } from './errors.js'
export {
  InvalidDlqMessageError,
  InvalidRangeError,
  NothingToReplayError,
  RecordsExpiredError,
  ReplayArgumentError,
  ReplayBatchError,
  ReplayError,
  SourceUnreadableError,
  TableExistsError,
  UnknownSourceError,
} from './errors.js'
export type { ArchiveObject, ArchiveObjectsOptions } from './fixtures/archive-objects.js'
export { archiveObjects, writeArchiveFiles } from './fixtures/archive-objects.js'
export type { LakeFilesOptions, LakeFilesWritten } from './fixtures/lake-files.js'
export { writeLakeFiles } from './fixtures/lake-files.js'
export { toKinesisRecord } from './kinesis-records.js'
export type { ReplayRange } from './range.js'
export { EVERYTHING, parseRange } from './range.js'
export type { MetricsLike, ReplayOptions, ReplayProgress } from './replay.js'
export { runReplay } from './replay.js'
export type { CliIo } from './run-cli.js'
export { replayCli, sourceOf } from './run-cli.js'
export type { ArchiveStore } from './source/archive.js'
export { createArchiveSource } from './source/archive.js'
export type { ArchiveFilesOptions } from './source/archive-files.js'
export { createArchiveFilesSource } from './source/archive-files.js'
export type { ArchiveS3Options } from './source/archive-s3.js'
export { createArchiveS3Source } from './source/archive-s3.js'
export type { KinesisRangeOptions } from './source/kinesis-range.js'
export { createKinesisRangeSource } from './source/kinesis-range.js'
export type { LakeSourceOptions } from './source/lake.js'
export { createLakeSource } from './source/lake.js'
export type { ArrivedEnvelope } from './source/memory.js'
export { createMemoryReplaySource } from './source/memory.js'
export type { ReplayRecord, ReplaySource, SkippedRecord } from './source/replay-source.js'
export type { TableMode } from './table.js'
export { countSessions, prepareTable } from './table.js'
