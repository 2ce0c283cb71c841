import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ASSUMPTIONS } from './assumptions.js'
import { estimateCost, renderCostTables } from './estimate.js'
import { US_EAST_1_PRICES } from './prices.js'
import { readCostSection } from './readme-table.js'

const line = (service: string, overrides = {}) =>
  estimateCost({ ...DEFAULT_ASSUMPTIONS, ...overrides }, US_EAST_1_PRICES).find((l) =>
    l.service.startsWith(service),
  )?.usd ?? Number.NaN

describe('estimateCost', () => {
  it('prices DynamoDB from write and read units per event', () => {
    const usd = line('DynamoDB', {
      writeUnitsPerEvent: 1,
      gsiWriteUnitsPerEvent: 0,
      readUnitsPerEvent: 0,
    })
    expect(usd).toBeCloseTo(US_EAST_1_PRICES.dynamoPerMillionWru, 10)
  })

  it('charges Lambda requests per collector request, so batching in the SDK pays', () => {
    expect(line('Lambda collector', { eventsPerRequest: 1 })).toBeCloseTo(
      10 * line('Lambda collector', { eventsPerRequest: 10 }),
      10,
    )
  })

  it('rounds Firehose records up to 5 KB and Kinesis records up to 1 KB', () => {
    const small = { eventBytes: 100, eventsPerRecord: 1 } // 300-byte records
    const perGb = (usd: number) => usd / (1_000_000 / 1024 ** 3)
    expect(perGb(line('Data Firehose', small)) / 5120).toBeCloseTo(
      US_EAST_1_PRICES.firehosePerGb,
      10,
    )
    const kinesis = line('Kinesis', small)
    const ingest = (1_000_000 * 1024 * US_EAST_1_PRICES.kinesisIngestPerGb) / 1024 ** 3
    // Read by the sessionizer, the archive and the lake.
    const reads = (3 * 1_000_000 * 300 * US_EAST_1_PRICES.kinesisRetrievalPerGb) / 1024 ** 3
    expect(kinesis).toBeCloseTo(ingest + reads, 10)
  })
})

describe('the lake’s lines', () => {
  const p = US_EAST_1_PRICES

  it('prices its Firehose per GB billed for ingestion, format conversion and dynamic partitioning', () => {
    const small = { eventBytes: 100, eventsPerRecord: 1 } // 300-byte records, billed as 5 KB
    const billedGb = (1_000_000 * 5120) / 1024 ** 3
    expect(line('Lake: Data Firehose', small)).toBeCloseTo(
      billedGb * (p.firehosePerGb + p.firehoseConversionPerGb + p.firehosePartitioningPerGb),
      10,
    )
  })

  it('prices Athena per TB of Parquet scanned, so compression and fewer reads pay', () => {
    const athena = (overrides = {}) => line('Lake: Athena', overrides)
    expect(athena({ athenaScansPerEvent: 60 })).toBeCloseTo(2 * athena(), 10)
    expect(athena({ lakeCompressionRatio: 24 })).toBeCloseTo(athena() / 2, 10)
    const parquetBytes =
      ((1_000_000 / 10) * (10 * 1000 + 200)) / DEFAULT_ASSUMPTIONS.lakeCompressionRatio
    expect(athena()).toBeCloseTo(((parquetBytes * 30) / 1024 ** 4) * p.athenaPerTbScanned, 10)
  })

  it('invokes the transformation once per 1 MiB of envelopes', () => {
    const lines = estimateCost(DEFAULT_ASSUMPTIONS, p)
    const driver = lines.find((l) => l.service.startsWith('Lake: Lambda'))?.driver
    const batches = Math.ceil(((1_000_000 / 10) * (10 * 1000 + 200)) / 1024 ** 2)
    expect(driver).toMatch(new RegExp(`^${batches} × 1 MiB`))
  })
})

describe('README cost table', () => {
  it('is what `pnpm cost` prints with the default assumptions', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readCostSection(readme)).toBe(renderCostTables(DEFAULT_ASSUMPTIONS, US_EAST_1_PRICES))
  })
})
