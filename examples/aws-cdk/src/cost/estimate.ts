import { resolveClickstreamConfig } from '../config.js'
import type { CostAssumptions } from './assumptions.js'
import { lakeCostLines, lakeFixedCost } from './lake.js'
import type { Prices } from './prices.js'

export interface CostLine {
  service: string
  driver: string
  /** US dollars per million events. */
  usd: number
}

const GB = 1024 ** 3
const MILLION = 1_000_000
const roundUp = (bytes: number, unit: number) => Math.ceil(bytes / unit) * unit

/** Variable cost of one million events through the stack, line by line. */
export function estimateCost(a: CostAssumptions, p: Prices): CostLine[] {
  const requests = MILLION / a.eventsPerRequest
  const records = MILLION / a.eventsPerRecord
  const recordBytes = a.eventsPerRecord * a.eventBytes + 200 // envelope header and partition key
  const rawGb = (records * recordBytes) / GB
  const invocations = records / a.recordsPerInvocation
  const gbSeconds = (memoryMb: number, ms: number, count: number) =>
    (memoryMb / 1024) * (ms / 1000) * count
  const lambda = (count: number, memoryMb: number, ms: number) =>
    (count / MILLION) * p.lambdaPerMillionRequests +
    gbSeconds(memoryMb, ms, count) * p.lambdaArmGbSecond
  const firehoseGb = (records * roundUp(recordBytes, 5120)) / GB
  return [
    {
      service: 'Kinesis Data Streams (on-demand)',
      driver: `${fmt(rawGb)} GB in (1 KB rounding), read 3 times (sessionizer, archive, lake)`,
      usd:
        ((records * roundUp(recordBytes, 1024)) / GB) * p.kinesisIngestPerGb +
        3 * rawGb * p.kinesisRetrievalPerGb,
    },
    {
      service: 'Lambda collector (arm64)',
      driver: `${fmt(requests)} requests × ${a.collectorMsPerRequest} ms × ${a.collectorMemoryMb} MB`,
      usd: lambda(requests, a.collectorMemoryMb, a.collectorMsPerRequest),
    },
    {
      service: 'Lambda sessionizer (arm64)',
      driver: `${fmt(invocations)} invocations × ${a.sessionizerMsPerInvocation} ms × ${a.sessionizerMemoryMb} MB`,
      usd: lambda(invocations, a.sessionizerMemoryMb, a.sessionizerMsPerInvocation),
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
    ...lakeCostLines(a, p, { rawGb, billedGb: firehoseGb, lambda, fmt }),
  ]
}

/** Alarms of the stack with its defaults (the stack test holds the template to it). */
export const DEFAULT_ALARMS = 13

/** Costs that do not scale with events, per month. */
export function fixedMonthlyCost(p: Prices, alarms = DEFAULT_ALARMS): CostLine[] {
  return [
    {
      service: 'Kinesis on-demand stream-hours',
      driver: '2 streams × 730 h',
      usd: 2 * 730 * p.kinesisStreamHour,
    },
    {
      service: 'CloudWatch alarms and dashboard',
      driver: `${alarms} alarms + 1 dashboard`,
      usd: alarms * p.alarmMonth + p.dashboardMonth,
    },
    lakeFixedCost(p, resolveClickstreamConfig().lakeBufferSeconds, fmt),
  ]
}

/** Markdown tables of `estimateCost` and `fixedMonthlyCost`, aligned as the formatter keeps them. */
export function renderCostTables(a: CostAssumptions, p: Prices): string {
  const lines = estimateCost(a, p)
  const total = lines.reduce((sum, line) => sum + line.usd, 0)
  const rows = (ls: CostLine[]) => ls.map((l) => [l.service, l.driver, usd(l.usd)])
  return [
    `Per million events (us-east-1 list prices as of ${p.asOf}; verify before relying on them):`,
    '',
    table(
      ['service', 'driver', 'USD per million events'],
      [...rows(lines), ['**total**', '', `**${usd(total)}**`]],
    ),
    '',
    'Fixed, whatever the traffic:',
    '',
    table(['service', 'driver', 'USD per month'], rows(fixedMonthlyCost(p))),
  ].join('\n')
}

/** A markdown table with padded cells; the last column is right-aligned. */
function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)))
  const last = header.length - 1
  const cells = (r: string[]) =>
    `| ${r.map((c, i) => (i === last ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (i === last ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [cells(header), rule, ...body.map(cells)].join('\n')
}

const usd = (value: number) => `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`
const fmt = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toPrecision(3)))
