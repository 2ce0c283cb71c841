/**
 * `pnpm bench [part …] [--tiny] [--out FILE]`: runs the benchmarks (all, or the parts named) and
 * rewrites BENCHMARKS.md at the repo root (a tiny run writes examples/bench/.tiny/ instead).
 */
import { runBench } from './run.js'

const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const out = outAt >= 0 ? args[outAt + 1] : undefined
const only = args.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1))
const { out: written } = await runBench({
  only,
  tiny: args.includes('--tiny'),
  ...(out ? { out } : {}),
})
console.log(`wrote ${written}`)
