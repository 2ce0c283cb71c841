import type { Goal, PartResult } from './support/part.js'
import type { Machine } from './support/stats.js'

export interface Section {
  id: string
  title: string
  result: PartResult
  machine: Machine
  tiny: boolean
  seconds: number
}

const START = (id: string) => `<!-- part:${id} -->`
const END = (id: string) => `<!-- /part:${id} -->`
const GOALS = /<!-- goals (\[.*\]) -->/

function renderSection(index: number, s: Section): string {
  const m = s.machine
  return [
    START(s.id),
    `## ${index}. ${s.title}`,
    '',
    `_Measured ${m.date} UTC on ${m.cpu}, ${m.cores} cores (shared; load average ${m.load.toFixed(1)} at the end), Node ${m.node}; ` +
      `${s.tiny ? '**tiny smoke run (`--tiny`): not a measurement**' : 'full run'}, ${Math.round(s.seconds)} s._`,
    '',
    s.result.markdown.trim(),
    '',
    `<!-- goals ${JSON.stringify(s.result.goals)} -->`,
    END(s.id),
  ].join('\n')
}

/** The sections already in `previous` (a BENCHMARKS.md), by part id. */
export function existingSections(previous: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const match of previous.matchAll(/<!-- part:([\w-]+) -->[\s\S]*?<!-- \/part:\1 -->/g))
    out.set(match[1] as string, match[0])
  return out
}

const status = (met: boolean | undefined) =>
  met === undefined ? 'not measured' : met ? '**met**' : '**not met**'

/**
 * The whole BENCHMARKS.md: fresh sections for the parts that ran, the previous text of the others
 * (so `pnpm bench size` leaves the rest as it was), and the goals table rebuilt from all of them.
 */
export function renderReport(
  order: { id: string; title: string }[],
  fresh: Section[],
  previous: string,
  command: string,
): string {
  const old = existingSections(previous)
  const sections = order.flatMap(({ id }, i) => {
    const section = fresh.find((s) => s.id === id)
    if (section) return [renderSection(i + 1, section)]
    const kept = old.get(id)
    return kept ? [kept] : []
  })
  const goals = sections.flatMap((text) => {
    const json = GOALS.exec(text)?.[1]
    return json ? (JSON.parse(json) as Goal[]) : []
  })
  return [
    '# Benchmarks',
    '',
    'Our claims are ratios against what a user would pick instead, measured in one run on one machine.',
    '`pnpm bench` runs every part and rewrites this file; `pnpm bench <part>` (`size`, `browser`,',
    '`collector`, `sdk-node`, `sessionizer`, `e2e`) runs one and keeps the other sections;',
    '`pnpm bench --tiny` is the CI smoke run. The scripts live in `examples/bench` (which reuses the',
    "collector's, Node SDK's and sessionizer's own `bench/` scripts). Every figure is min / median /",
    'max over several runs unless it is deterministic, with its ratio to the baseline measured in the',
    'same run.',
    '',
    '**The machine is shared**: a 2-core VM where other engineers were building and testing at the',
    'same time. Absolute figures are noisy (see the min–max spreads); ratios measured back to back are',
    'the figures to read. A benchmark never fails CI for a slow figure.',
    '',
    `Last command: \`${command}\`${fresh.length < order.length ? '; the other sections come from earlier runs (each is dated)' : ''}.`,
    '',
    '## Goals (from the issues)',
    '',
    '| goal | measured | status |',
    '|---|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.figure} | ${status(g.met)} |`),
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n')
}
