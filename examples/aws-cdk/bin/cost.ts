import { parseArgs } from 'node:util'
import { type CostAssumptions, DEFAULT_ASSUMPTIONS } from '../src/cost/assumptions.js'
import { US_EAST_1_PRICES } from '../src/cost/prices.js'
import { writeCostSection } from '../src/cost/readme-table.js'
import { renderCostTables } from '../src/cost/render.js'
import { UsageError } from '../src/errors.js'

/**
 * Prints the cost tables: each traffic shape (`sdk`, `analytics.js`, `node`) at 1 M, 10 M and 100 M
 * events a day, the options that cut the bill, and the AWS solution's published figures. Override
 * any assumption, for every shape, with `--name=value` (e.g. measured figures: `--eventBytes=1400`;
 * `--cdn=0`); `--write` updates the README's tables.
 */
const { values } = parseArgs({
  options: {
    write: { type: 'boolean' },
    ...Object.fromEntries(
      Object.keys(DEFAULT_ASSUMPTIONS).map((k) => [k, { type: 'string' as const }]),
    ),
  },
  strict: true,
})
const overrides: Partial<CostAssumptions> = {}
for (const key of Object.keys(DEFAULT_ASSUMPTIONS) as (keyof CostAssumptions)[]) {
  const value = (values as Record<string, string | boolean | undefined>)[key]
  if (typeof value !== 'string') continue
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0)
    throw new UsageError(`--${key} must be a number ≥ 0, not ${JSON.stringify(value)}`)
  overrides[key] = number
}
const tables = renderCostTables(US_EAST_1_PRICES, overrides)
if (values.write) writeCostSection(new URL('../README.md', import.meta.url).pathname, tables)
console.log(tables)
