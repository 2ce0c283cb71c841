import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  assumptionsOf,
  type CostAssumptions,
  DEFAULT_ASSUMPTIONS,
  SHAPE_NAMES,
  type TrafficShape,
} from './assumptions.js'
import {
  estimateCost,
  fixedMonthlyCost,
  monthlyBill,
  provisionedShards,
  total,
} from './estimate.js'
import { COST_OPTIONS } from './options.js'
import { US_EAST_1_PRICES } from './prices.js'
import { readCostSection } from './readme-table.js'
import { renderCostTables, VOLUMES } from './render.js'

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
    const kinesis = line('Kinesis Data Streams', small)
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

const p = US_EAST_1_PRICES
const bill = (shape: TrafficShape, overrides: Partial<CostAssumptions> = {}) =>
  monthlyBill(assumptionsOf(shape, overrides), p)
const monthly = (shape: TrafficShape, service: string, overrides = {}) =>
  bill(shape, overrides).find((l) => l.service.startsWith(service))?.usd ?? Number.NaN

describe('traffic shapes', () => {
  it('gives analytics.js 10× the collector requests of our SDK, and sdk-node fewer than ours', () => {
    const requests = (shape: TrafficShape) => 1_000_000 / assumptionsOf(shape).eventsPerRequest
    expect(requests('analytics.js')).toBe(10 * requests('sdk'))
    expect(requests('node')).toBeLessThan(requests('sdk'))
    // …and the lines priced per request follow.
    for (const service of ['Lambda collector', 'AWS WAF requests']) {
      expect(monthly('analytics.js', service)).toBeCloseTo(10 * monthly('sdk', service), 6)
      expect(monthly('node', service)).toBeLessThan(monthly('sdk', service))
    }
    // CloudFront bills requests, and bytes by event.
    expect(monthly('analytics.js', 'CloudFront')).toBeGreaterThan(5 * monthly('sdk', 'CloudFront'))
    expect(monthly('node', 'CloudFront')).toBeLessThan(monthly('sdk', 'CloudFront'))
  })

  it('costs one-event records more DynamoDB writes and Kinesis bytes than batched ones', () => {
    expect(monthly('analytics.js', 'DynamoDB')).toBeGreaterThan(5 * monthly('sdk', 'DynamoDB'))
    expect(monthly('node', 'DynamoDB')).toBe(monthly('analytics.js', 'DynamoDB'))
    expect(monthly('analytics.js', 'Kinesis Data Streams')).toBeGreaterThan(
      monthly('sdk', 'Kinesis Data Streams'),
    )
  })

  it('prices every line positive and finite, for every shape, volume and option', () => {
    for (const shape of SHAPE_NAMES)
      for (const eventsPerDay of VOLUMES)
        for (const change of [{}, ...COST_OPTIONS.map((o) => o.change)]) {
          const lines = bill(shape, { eventsPerDay, ...change })
          expect(lines.length).toBeGreaterThan(10)
          for (const l of lines) {
            expect(Number.isFinite(l.usd), `${shape} ${l.service}`).toBe(true)
            expect(l.usd, `${shape} ${l.service}`).toBeGreaterThan(0)
          }
        }
  })

  it('scales the variable part linearly with volume, and the whole bill about so', () => {
    for (const shape of SHAPE_NAMES) {
      const variable = (eventsPerDay: number) =>
        total(bill(shape, { eventsPerDay })) - total(fixedMonthlyCost(assumptionsOf(shape), p))
      // The sessionizer's batches fill with volume, so its line grows a little slower.
      expect(variable(100_000_000) / variable(10_000_000)).toBeGreaterThan(9)
      expect(variable(100_000_000) / variable(10_000_000)).toBeLessThanOrEqual(10.0001)
      const totals = VOLUMES.map((eventsPerDay) => total(bill(shape, { eventsPerDay })))
      expect(totals[2] as number).toBeGreaterThan(5 * (totals[1] as number))
      expect(totals[1] as number).toBeGreaterThan(2 * (totals[0] as number))
    }
  })

  it('puts CloudFront and WAF in the bill with the CDN on, and neither without it', () => {
    const services = (cdn: number) => bill('sdk', { cdn }).map((l) => l.service)
    expect(services(1)).toEqual(
      expect.arrayContaining(['CloudFront', 'AWS WAF requests', 'AWS WAF web ACL and rules']),
    )
    expect(services(0).filter((s) => /CloudFront|WAF|Secrets/.test(s))).toEqual([])
  })
})

describe('options that cut the bill', () => {
  it.each(COST_OPTIONS.map((o) => [o.name, o.change] as const))(
    '%s lowers the total of every shape at 10 M a day',
    (_name, change) => {
      for (const shape of SHAPE_NAMES) {
        const base = total(bill(shape, { eventsPerDay: 10_000_000 }))
        expect(total(bill(shape, { eventsPerDay: 10_000_000, ...change }))).toBeLessThan(base)
      }
    },
  )

  it('prices extended retention per GB-month on demand and per shard-hour provisioned', () => {
    expect(monthly('sdk', 'Kinesis extended retention', { retentionHours: 24 })).toBeNaN()
    const week = monthly('sdk', 'Kinesis extended retention')
    expect(monthly('sdk', 'Kinesis extended retention', { retentionHours: 96 })).toBeCloseTo(
      week / 2,
      6,
    )
    const shards = (retentionHours: number) =>
      monthly('sdk', 'Kinesis provisioned', { provisioned: 1, retentionHours })
    const count = provisionedShards(DEFAULT_ASSUMPTIONS) + 1
    expect(shards(48) - shards(24)).toBeCloseTo(
      count * 730 * p.kinesisExtendedRetentionShardHour,
      6,
    )
    expect(shards(168)).toBe(shards(48))
  })

  it('sizes provisioned shards by writes, records and the three consumers’ shared reads', () => {
    expect(provisionedShards({ ...DEFAULT_ASSUMPTIONS, eventsPerDay: 1_000_000 })).toBe(1)
    // 100 M a day of 1-event records at 2× peak: 2,315 records/s, 3 shards' worth of writes.
    const oneEvent = assumptionsOf('analytics.js', { eventsPerDay: 100_000_000 })
    expect(provisionedShards(oneEvent)).toBe(4) // 3 readers × 2.65 MB/s ÷ 2 MB/s
  })

  it('fills the sessionizer’s batches with a longer window, so fewer invocations', () => {
    const invocations = (batchingWindowSeconds: number) =>
      monthly('sdk', 'Lambda sessionizer', { batchingWindowSeconds })
    expect(invocations(10)).toBeLessThan(invocations(1))
  })
})

describe('README cost tables', () => {
  it('are what `pnpm cost` prints with the default assumptions', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readCostSection(readme)).toBe(renderCostTables(US_EAST_1_PRICES))
  })
})
