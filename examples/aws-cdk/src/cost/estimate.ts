import { resolveClickstreamConfig } from '../config.js'
import type { CostAssumptions } from './assumptions.js'
import { lakeCostLines, lakeFixedCost } from './lake.js'
import type { Prices } from './prices.js'

export interface CostLine {
  service: string
  driver: string
  /** US dollars: per million events (`estimateCost`) or per month (`fixedMonthlyCost`, `monthlyBill`). */
  usd: number
}

const GB = 1024 ** 3
const MB = 1024 ** 2
const MILLION = 1_000_000
const HOURS_A_MONTH = 730
const DAYS_A_MONTH = HOURS_A_MONTH / 24
const roundUp = (bytes: number, unit: number) => Math.ceil(bytes / unit) * unit

/** Bytes of one Kinesis record: the events, the envelope header and partition key. */
const recordBytesOf = (a: CostAssumptions) => a.eventsPerRecord * a.eventBytes + 200

/**
 * How the sessionizer's event source mapping cuts the stream: each shard's records of one batching
 * window make an invocation, up to `batchSize`; below that, a longer window means fuller batches.
 */
export function sessionizerBatches(a: CostAssumptions) {
  const recordsPerSecond = a.eventsPerDay / 86_400 / a.eventsPerRecord
  const shards = a.provisioned ? provisionedShards(a) : a.onDemandShards
  const recordsPerInvocation = Math.min(
    a.batchSize,
    Math.max(1, (recordsPerSecond / shards) * a.batchingWindowSeconds),
  )
  return {
    recordsPerInvocation,
    invocationsPerMillion: MILLION / a.eventsPerRecord / recordsPerInvocation,
    ms: a.sessionizerMsPerInvocation + a.sessionizerMsPerRecord * recordsPerInvocation,
  }
}

/**
 * Shards the events stream needs at peak: 1 MB/s and 1,000 records/s of writes each, and 2 MB/s of
 * reads shared by its three consumers (sessionizer, archive, lake).
 */
export function provisionedShards(a: CostAssumptions): number {
  const records = (a.eventsPerDay / 86_400 / a.eventsPerRecord) * a.peakToAverage
  const inMb = (records * recordBytesOf(a)) / MB // the limits count bytes, not the billing's 1 KB units
  const readers = a.lake ? 3 : 2
  return Math.max(1, Math.ceil(Math.max(inMb, records / 1000, (readers * inMb) / 2)))
}

/** Variable cost of one million events through the stack, line by line. */
export function estimateCost(a: CostAssumptions, p: Prices): CostLine[] {
  const requests = MILLION / a.eventsPerRequest
  const records = MILLION / a.eventsPerRecord
  const recordBytes = recordBytesOf(a)
  const rawGb = (records * recordBytes) / GB
  const billedKinesisGb = (records * roundUp(recordBytes, 1024)) / GB
  const readers = a.lake ? 3 : 2
  const batches = sessionizerBatches(a)
  const invocations = batches.invocationsPerMillion
  const gbSeconds = (memoryMb: number, ms: number, count: number) =>
    (memoryMb / 1024) * (ms / 1000) * count
  const lambda = (count: number, memoryMb: number, ms: number) =>
    (count / MILLION) * p.lambdaPerMillionRequests +
    gbSeconds(memoryMb, ms, count) * p.lambdaArmGbSecond
  const firehoseGb = (records * roundUp(recordBytes, 5120)) / GB
  const rejected = MILLION * a.rejectedShare
  const extraMonths = Math.max(0, a.retentionHours - 24) / HOURS_A_MONTH
  const kinesis: CostLine[] = a.provisioned
    ? [
        {
          service: 'Kinesis Data Streams (provisioned)',
          driver: `${fmt(records)} records × ${Math.ceil(recordBytes / 25_600)} PUT payload unit (25 KB)`,
          usd: (records * Math.ceil(recordBytes / 25_600) * p.kinesisPerMillionPutUnits) / MILLION,
        },
      ]
    : [
        {
          service: 'Kinesis Data Streams (on-demand)',
          driver: `${fmt(rawGb)} GB in (1 KB rounding), read ${readers} times (sessionizer, archive${a.lake ? ', lake' : ''})`,
          usd: billedKinesisGb * p.kinesisIngestPerGb + readers * rawGb * p.kinesisRetrievalPerGb,
        },
        ...(extraMonths > 0
          ? [
              {
                service: 'Kinesis extended retention (on-demand)',
                driver: `${fmt(billedKinesisGb)} GB kept ${a.retentionHours - 24} h past the first 24`,
                usd: billedKinesisGb * extraMonths * p.kinesisExtendedRetentionGbMonth,
              },
            ]
          : []),
      ]
  const cdn: CostLine[] = a.cdn
    ? [
        {
          service: 'CloudFront',
          driver: `${fmt(requests)} HTTPS requests, ${a.eventsPerRequest * a.eventBytes + a.requestOverheadBytes} B each to the origin, ${a.responseBytes} B back`,
          usd:
            (requests / 10_000) * p.cloudfrontPer10kHttpsRequests +
            ((requests * (a.eventsPerRequest * a.eventBytes + a.requestOverheadBytes)) / GB) *
              p.cloudfrontToOriginPerGb +
            ((requests * a.responseBytes) / GB) * p.cloudfrontOutPerGb,
        },
        {
          service: 'AWS WAF requests',
          driver: `${fmt(requests)} requests inspected`,
          usd: (requests / MILLION) * p.wafPerMillionRequests,
        },
      ]
    : []
  return [
    ...cdn,
    ...kinesis,
    {
      service: 'Lambda collector (arm64)',
      driver: `${fmt(requests)} requests × ${a.collectorMsPerRequest} ms × ${a.collectorMemoryMb} MB`,
      usd: lambda(requests, a.collectorMemoryMb, a.collectorMsPerRequest),
    },
    {
      service: 'Lambda sessionizer (arm64)',
      driver: `${fmt(invocations)} invocations of ${fmt(batches.recordsPerInvocation)} records × ${fmt(batches.ms)} ms × ${a.sessionizerMemoryMb} MB`,
      usd: lambda(invocations, a.sessionizerMemoryMb, batches.ms),
    },
    {
      service: 'DynamoDB (on-demand)',
      driver: `${fmt(a.writeUnitsPerEvent + a.gsiWriteUnitsPerEvent)} WRU + ${fmt(a.readUnitsPerEvent)} RRU per event`,
      usd:
        (a.writeUnitsPerEvent + a.gsiWriteUnitsPerEvent) * p.dynamoPerMillionWru +
        a.readUnitsPerEvent * p.dynamoPerMillionRru,
    },
    {
      service: 'Data Firehose',
      driver: `${fmt(firehoseGb)} GB billed (5 KB rounding)`,
      usd: firehoseGb * p.firehosePerGb,
    },
    {
      service: 'Data Firehose (rejected → archive)',
      driver: `${fmt(rejected)} rejected records (${a.rejectedShare * 100} %), 5 KB each billed`,
      usd: ((rejected * 5120) / GB) * p.firehosePerGb,
    },
    {
      service: 'S3 Standard (first month)',
      driver: `${fmt(rawGb / a.archiveCompressionRatio)} GB gzip stored one month`,
      usd: (rawGb / a.archiveCompressionRatio) * p.s3StandardGbMonth,
    },
    {
      service: 'CloudWatch Logs',
      driver: `${a.collectorLogBytes} B per collector request, ${a.sessionizerLogBytes} B per sessionizer invocation`,
      usd:
        ((requests * a.collectorLogBytes + invocations * a.sessionizerLogBytes) / GB) *
        p.logsIngestPerGb,
    },
    ...(a.lake ? lakeCostLines(a, p, { rawGb, billedGb: firehoseGb, lambda, fmt }) : []),
  ]
}

export { DEFAULT_ALARMS } from './assumptions.js'

/** Costs that do not scale with events (provisioned shards step with the peak), per month. */
export function fixedMonthlyCost(a: CostAssumptions, p: Prices): CostLine[] {
  const shards = provisionedShards(a)
  const retains = a.retentionHours > 24
  const streams: CostLine = a.provisioned
    ? {
        service: 'Kinesis provisioned shard-hours',
        driver: `${shards} + 1 shards (events at ${a.peakToAverage}× peak, rejected) × 730 h${retains ? `, + extended retention (${a.retentionHours} h)` : ''}`,
        usd:
          (shards + 1) *
          HOURS_A_MONTH *
          (p.kinesisShardHour + (retains ? p.kinesisExtendedRetentionShardHour : 0)),
      }
    : {
        service: 'Kinesis on-demand stream-hours',
        driver: '2 streams × 730 h',
        usd: 2 * HOURS_A_MONTH * p.kinesisStreamHour,
      }
  return [
    streams,
    ...(a.cdn
      ? [
          {
            service: 'AWS WAF web ACL and rules',
            driver: `1 web ACL + ${a.wafRules} rules`,
            usd: p.wafWebAclMonth + a.wafRules * p.wafRuleMonth,
          },
          {
            service: 'Secrets Manager (origin secret)',
            driver: `1 secret, rotated; ${fmt(a.secretApiCallsPerMonth)} API calls`,
            usd: p.secretMonth + (a.secretApiCallsPerMonth / 10_000) * p.secretPer10kApiCalls,
          },
        ]
      : []),
    {
      service: 'CloudWatch alarms and dashboard',
      driver: `${a.alarms} alarms + 1 dashboard`,
      usd: a.alarms * p.alarmMonth + p.dashboardMonth,
    },
    {
      service: 'KMS key (alarm topic)',
      driver: '1 customer managed key (its requests within the free 20,000)',
      usd: p.kmsKeyMonth,
    },
    ...(a.lake ? [lakeFixedCost(p, resolveClickstreamConfig().lakeBufferSeconds, fmt)] : []),
  ]
}

/** A month of `a.eventsPerDay`: every line in USD per month, variable lines first. */
export function monthlyBill(a: CostAssumptions, p: Prices): CostLine[] {
  const millions = (a.eventsPerDay * DAYS_A_MONTH) / MILLION
  return [
    ...estimateCost(a, p).map((l) => ({ ...l, usd: l.usd * millions })),
    ...fixedMonthlyCost(a, p),
  ]
}

export const total = (lines: readonly CostLine[]) => lines.reduce((sum, l) => sum + l.usd, 0)

export const usd = (value: number) =>
  `$${value < 0.01 ? value.toFixed(4) : value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
export const fmt = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toPrecision(3)))
