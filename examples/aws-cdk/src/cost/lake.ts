import { LAKE_TRANSFORM_BUFFER_MB } from '../lake/delivery-stream.js'
import type { CostAssumptions } from './assumptions.js'
import type { CostLine } from './estimate.js'
import type { Prices } from './prices.js'

const GB = 1024 ** 3
const TB = 1024 ** 4

/** What the lake's lines share with the rest of the estimate, per million events. */
export interface LakeVolume {
  /** GB of envelopes (Kinesis records). */
  rawGb: number
  /** GB billed by Firehose (records rounded up to 5 KB). */
  billedGb: number
  lambda: (count: number, memoryMb: number, ms: number) => number
  fmt: (value: number) => string
}

/**
 * The lake's variable cost: its Firehose (ingestion, format conversion and dynamic partitioning,
 * each per GB ingested), the transformation Lambda, a month of Parquet in S3 Standard, and Athena
 * scanning it. Kinesis's third read is in the Kinesis line.
 */
export function lakeCostLines(a: CostAssumptions, p: Prices, v: LakeVolume): CostLine[] {
  const invocations = Math.ceil((v.rawGb * 1024) / LAKE_TRANSFORM_BUFFER_MB)
  const parquetGb = v.rawGb / a.lakeCompressionRatio
  const perGb = p.firehosePerGb + p.firehoseConversionPerGb + p.firehosePartitioningPerGb
  return [
    {
      service: 'Lake: Data Firehose',
      driver: `${v.fmt(v.billedGb)} GB × (ingest + Parquet conversion + dynamic partitioning)`,
      usd: v.billedGb * perGb,
    },
    {
      service: 'Lake: Lambda transformation (arm64)',
      driver: `${v.fmt(invocations)} × ${LAKE_TRANSFORM_BUFFER_MB} MiB batches × ${a.lakeTransformMsPerInvocation} ms × ${a.lakeTransformMemoryMb} MB`,
      usd: v.lambda(invocations, a.lakeTransformMemoryMb, a.lakeTransformMsPerInvocation),
    },
    {
      service: 'Lake: S3 Standard (first month)',
      driver: `${v.fmt(parquetGb)} GB Parquet (envelope JSON ÷ ${a.lakeCompressionRatio})`,
      usd: parquetGb * p.s3StandardGbMonth,
    },
    {
      service: 'Lake: Athena',
      driver: `${v.fmt(parquetGb * a.athenaScansPerEvent)} GB scanned (${a.athenaScansPerEvent} reads a month)`,
      usd: ((parquetGb * GB * a.athenaScansPerEvent) / TB) * p.athenaPerTbScanned,
    },
  ]
}

/**
 * Objects the lake writes a month whatever the traffic, at low traffic: one per partition per
 * buffer interval, two partitions (today and late events), each a PUT and a dynamic-partitioning object.
 */
export function lakeFixedCost(p: Prices, bufferSeconds: number, fmt: LakeVolume['fmt']): CostLine {
  const objects = (2 * 30 * 86_400) / bufferSeconds
  return {
    service: 'Lake objects (dynamic partitioning, S3 PUT)',
    driver: `${fmt(objects)} objects (2 partitions × one per ${bufferSeconds} s)`,
    usd: (objects / 1000) * (p.firehosePartitioningPerThousandObjects + p.s3PerThousandPuts),
  }
}
