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
    const reads = (2 * 1_000_000 * 300 * US_EAST_1_PRICES.kinesisRetrievalPerGb) / 1024 ** 3
    expect(kinesis).toBeCloseTo(ingest + reads, 10)
  })
})

describe('README cost table', () => {
  it('is what `pnpm cost` prints with the default assumptions', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readCostSection(readme)).toBe(renderCostTables(DEFAULT_ASSUMPTIONS, US_EAST_1_PRICES))
  })
})
