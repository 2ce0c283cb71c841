import { parseArgs } from 'node:util'
import { type CostAssumptions, DEFAULT_ASSUMPTIONS } from '../src/cost/assumptions.js'
import { renderCostTables } from '../src/cost/estimate.js'
import { US_EAST_1_PRICES } from '../src/cost/prices.js'
import { writeCostSection } from '../src/cost/readme-table.js'
import { UsageError } from '../src/errors.js'

/**
 * Prints the cost tables. Override any assumption with `--name=value` (e.g. measured figures:
 * `--writeUnitsPerEvent=0.3 --eventBytes=1400`); `--write` updates the README's table.
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
const assumptions: CostAssumptions = { ...DEFAULT_ASSUMPTIONS }
for (const key of Object.keys(DEFAULT_ASSUMPTIONS) as (keyof CostAssumptions)[]) {
  const value = (values as Record<string, string | boolean | undefined>)[key]
  if (typeof value !== 'string') continue
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`--${key} must be a positive number`)
  assumptions[key] = number
}
const tables = renderCostTables(assumptions, US_EAST_1_PRICES)
if (values.write) writeCostSection(new URL('../README.md', import.meta.url).pathname, tables)
console.log(tables)
