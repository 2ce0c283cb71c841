import { createHash } from 'node:crypto'
import type { Enricher } from '@clickstream/enrich'
import { type TransformFailure, transformRecords } from '@clickstream/lake/transform'
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResult,
} from 'aws-lambda'

/** The part of a logger the handler uses (Powertools' `Logger` fits). */
export interface TransformLogger {
  warn(message: string, extra: Record<string, unknown>): void
}

/** The part of a metrics client the handler uses (Powertools' `Metrics`, EMF, fits). */
export interface TransformMetrics {
  addMetric(name: string, unit: 'Count', value: number): unknown
  publishStoredMetrics(): unknown
}

export interface LakeTransformHandlerOptions {
  /** @default a silent logger */
  logger?: TransformLogger
  /** @default no metrics */
  metrics?: TransformMetrics
  /**
   * The rows' enrichment (device, bot, geo, channel columns): the entry builds it once per
   * container with `openEnricher(parseEnrichEnv(process.env))`. @default none: those columns null
   */
  enricher?: Enricher
}

/** The handler's metrics (namespace `clickstream`, dimension `service`), which the alarms read. */
export const LAKE_TRANSFORM_METRICS = {
  records: 'Records',
  rows: 'Rows',
  /** Records that are no envelope: Firehose writes them to `errors/processing-failed/`. */
  failed: 'RecordsFailed',
  /** Events of valid envelopes left out of the lake (the raw archive keeps them). */
  invalid: 'EventsInvalid',
  /** Envelopes spanning two event dates (not the collector's), filed under the first. */
  mixedDates: 'MixedDateEnvelopes',
} as const

export type LakeTransformHandler = (
  event: FirehoseTransformationEvent,
) => Promise<FirehoseTransformationResult>

/**
 * The Firehose transformation of the lake: `transformRecords` over the invocation's records,
 * answering every record id. Each record or event left out is logged as one structured line with
 * its reason, record id, shard and sequence number (and, for a failed record, the SHA-256 of its
 * data: the `rawData` Firehose writes to the error prefix, which carries no reason, matches it).
 */
export function createLakeTransformHandler(
  options: LakeTransformHandlerOptions = {},
): LakeTransformHandler {
  const logger = options.logger
  const metrics = options.metrics
  const transformOptions = options.enricher ? { enricher: options.enricher } : {}
  return async (event) => {
    const result = transformRecords(event.records, transformOptions)
    if (logger && result.failures.length > 0) {
      const inputs = new Map(event.records.map((r) => [r.recordId, r]))
      for (const failure of result.failures) {
        const record = inputs.get(failure.recordId)
        const ofEvent = failure.eventIndex !== undefined
        logger.warn(ofEvent ? 'event not in the lake' : 'record not in the lake', {
          ...failureFields(failure, record),
          ...(ofEvent ? {} : { dataSha256: sha256(record?.data) }),
        })
      }
    }
    if (metrics) {
      const failed = result.records.filter((r) => r.result === 'ProcessingFailed').length
      const counts: [string, number][] = [
        [LAKE_TRANSFORM_METRICS.records, event.records.length],
        [LAKE_TRANSFORM_METRICS.rows, result.rows],
        [LAKE_TRANSFORM_METRICS.failed, failed],
        [LAKE_TRANSFORM_METRICS.invalid, result.failures.length - failed],
        [LAKE_TRANSFORM_METRICS.mixedDates, result.mixedDates],
      ]
      for (const [name, value] of counts) if (value > 0) metrics.addMetric(name, 'Count', value)
      metrics.publishStoredMetrics()
    }
    return { records: result.records }
  }
}

function failureFields(failure: TransformFailure, record?: FirehoseTransformationEventRecord) {
  return {
    reason: failure.reason,
    detail: failure.message,
    recordId: failure.recordId,
    shardId: failure.shardId,
    sequenceNumber: failure.sequenceNumber,
    ...(failure.eventIndex === undefined ? {} : { eventIndex: failure.eventIndex }),
    ...(failure.messageId ? { messageId: failure.messageId } : {}),
    // Epoch ms, as the error prefix's `arrivalTimestamp`.
    ...(record ? { arrivalTimestamp: record.approximateArrivalTimestamp } : {}),
  }
}

const sha256 = (base64 = '') =>
  createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex')
