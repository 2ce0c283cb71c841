import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UsageError } from './errors.js'
import { browserPart } from './parts/browser.js'
import { dashboardPart } from './parts/dashboard.js'
import { e2ePart } from './parts/e2e.js'
import { enrichPart } from './parts/enrich.js'
import { lakePart } from './parts/lake.js'
import { collectorPart, sdkNodePart, sessionizerPart } from './parts/reused.js'
import { sizePart } from './parts/size.js'
import { renderReport, type Section } from './report.js'
import type { Part } from './support/part.js'
import { benchDir, repoRoot } from './support/paths.js'
import { machine } from './support/stats.js'

/** Every part, in the order of BENCHMARKS.md. */
export const parts: Part[] = [
  sizePart,
  browserPart,
  collectorPart,
  sdkNodePart,
  sessionizerPart,
  e2ePart,
  lakePart,
  enrichPart,
  dashboardPart,
]

export interface BenchOptions {
  /** Part ids to run. @default every part */
  only?: string[]
  /** @default false */
  tiny?: boolean
  /** @default BENCHMARKS.md at the repo root; `examples/bench/.tiny/BENCHMARKS.md` when tiny */
  out?: string
  /** @default console.error */
  log?: (message: string) => void
}

/** Runs the parts and rewrites the report; returns its path and text. */
export async function runBench(options: BenchOptions = {}) {
  const tiny = options.tiny ?? false
  const log = options.log ?? ((message: string) => console.error(message))
  const out =
    options.out ??
    (tiny ? join(benchDir, '.tiny', 'BENCHMARKS.md') : join(repoRoot, 'BENCHMARKS.md'))
  const unknown = (options.only ?? []).filter((id) => !parts.some((p) => p.id === id))
  if (unknown.length > 0)
    throw new UsageError(
      `unknown part(s): ${unknown.join(', ')} (${parts.map((p) => p.id).join(', ')})`,
    )
  const selected = parts.filter((p) => !options.only?.length || options.only.includes(p.id))
  const sections: Section[] = []
  for (const part of selected) {
    log(`== ${part.title}`)
    const started = performance.now()
    const result = await part.run({ tiny, log })
    sections.push({
      id: part.id,
      title: part.title,
      result,
      machine: machine(),
      tiny,
      seconds: (performance.now() - started) / 1000,
    })
  }
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : ''
  const command = ['pnpm bench', ...(options.only ?? []), ...(tiny ? ['--tiny'] : [])].join(' ')
  const markdown = renderReport(parts, sections, previous, command)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, markdown)
  return { out, markdown }
}
