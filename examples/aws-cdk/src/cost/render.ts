import { assumptionsOf, type CostAssumptions, SHAPE_NAMES } from './assumptions.js'
import { AWS_SOLUTION_COST } from './comparison.js'
import { type CostLine, estimateCost, fmt, monthlyBill, total, usd } from './estimate.js'
import { COST_OPTIONS } from './options.js'
import type { Prices } from './prices.js'

export const VOLUMES = [1_000_000, 10_000_000, 100_000_000]
const OPTIONS_VOLUME = 10_000_000
/** Our lines in the scope of the AWS solution's ingestion module and logs: up to the archive in S3. */
const INGESTION = [
  'CloudFront',
  'AWS WAF',
  'Kinesis',
  'Lambda collector',
  'Data Firehose',
  'S3',
  'CloudWatch',
  'Secrets',
  'KMS',
]

const perDay = (events: number) => `${events / 1_000_000} M`

/** Every line of any shape, in order, with each shape's monthly USD (`undefined`: not in that bill). */
function byShape(bills: CostLine[][]): string[][] {
  const services = [...new Set(bills.flatMap((b) => b.map((l) => l.service)))]
  return services.map((service) => [
    service,
    ...bills.map((b) => {
      const line = b.find((l) => l.service === service)
      return line ? usd(line.usd) : '—'
    }),
  ])
}

/**
 * The README's cost section: what drives each line (our SDK, 10 M a day), the monthly bill of each
 * traffic shape at each volume, the options that cut it, and the AWS solution's published figures.
 */
export function renderCostTables(p: Prices, overrides: Partial<CostAssumptions> = {}): string {
  const at = (shape: (typeof SHAPE_NAMES)[number], change: Partial<CostAssumptions> = {}) =>
    assumptionsOf(shape, { ...overrides, ...change })
  const sdk = at('sdk', { eventsPerDay: OPTIONS_VOLUME })
  const lines = estimateCost(sdk, p)
  const header = ['', ...SHAPE_NAMES.map((s) => `\`${s}\``)]
  const out = [
    `us-east-1 list prices as of ${p.asOf} (\`src/cost/prices.ts\` says where each comes from); verify before relying on them.`,
    '',
    `What drives each line, per million events (\`sdk\` shape, ${perDay(OPTIONS_VOLUME)} events a day):`,
    '',
    table(
      ['service', 'driver', 'USD per million events'],
      [
        ...lines.map((l) => [l.service, l.driver, usd(l.usd)]),
        ['**total**', '', `**${usd(total(lines))}**`],
      ],
      2,
    ),
  ]
  for (const volume of VOLUMES) {
    const bills = SHAPE_NAMES.map((s) => monthlyBill(at(s, { eventsPerDay: volume }), p))
    const totals = bills.map(total)
    out.push(
      '',
      `${perDay(volume)} events a day, USD per month:`,
      '',
      table(
        ['service', ...header.slice(1)],
        [
          ...byShape(bills),
          ['**total**', ...totals.map((t) => `**${usd(t)}**`)],
          ['per million events', ...totals.map((t) => usd(t / ((volume * 730) / 24 / 1_000_000)))],
        ],
      ),
    )
  }
  const baseline = SHAPE_NAMES.map((s) =>
    total(monthlyBill(at(s, { eventsPerDay: OPTIONS_VOLUME }), p)),
  )
  out.push(
    '',
    `What cuts the bill, at ${perDay(OPTIONS_VOLUME)} events a day (USD per month, change against the defaults):`,
    '',
    table(
      ['option', 'trade-off', ...header.slice(1)],
      [
        [
          'the defaults (on-demand, 7 d retention, 1 s window, CDN, lake)',
          '',
          ...baseline.map(usd),
        ],
        ...COST_OPTIONS.map((o) => [
          o.name,
          o.tradeOff,
          ...SHAPE_NAMES.map((s, i) => {
            const cost = total(monthlyBill(at(s, { eventsPerDay: OPTIONS_VOLUME, ...o.change }), p))
            return `${usd(cost)} (${signed(cost - (baseline[i] ?? 0))})`
          }),
        ]),
      ],
      2,
    ),
  )
  out.push(
    '',
    'Against the "Clickstream Analytics on AWS" solution at the same requests per second (USD per month; its figures from its implementation guide, ours from this model):',
    '',
    table(
      [
        'requests/s',
        'AWS solution: ingestion + logs',
        '+ daily processing',
        'ours, ingestion lines',
        'ours, every line',
        'events a day (ours)',
      ],
      AWS_SOLUTION_COST.rows.map((row) => {
        const a = at('sdk')
        const events = row.requestsPerSecond * 86_400 * a.eventsPerRequest
        const bill = monthlyBill({ ...a, eventsPerDay: events }, p)
        const ingestion = bill.filter((l) =>
          INGESTION.some((prefix) => l.service.startsWith(prefix)),
        )
        const theirs = row.ingestion + AWS_SOLUTION_COST.logsMonthly
        return [
          String(row.requestsPerSecond),
          usd(theirs),
          usd(theirs + row.processingDaily),
          usd(total(ingestion)),
          usd(total(bill)),
          `${fmt(events / 1_000_000)} M`,
        ]
      }),
      1,
    ),
  )
  return out.join('\n')
}

const signed = (value: number) => (value < 0 ? `−${usd(-value)}` : `+${usd(value)}`)

/** A markdown table with padded cells; the columns from `left` on are right-aligned. */
function table(header: string[], body: string[][], left = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)))
  const right = (i: number) => i >= left
  const cells = (r: string[]) =>
    `| ${r.map((c, i) => (right(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (right(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [cells(header), rule, ...body.map(cells)].join('\n')
}
