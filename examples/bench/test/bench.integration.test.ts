import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromiumAvailable } from '@clickstream/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { runBench } from '../src/run.js'

/**
 * The CI smoke run: the fast parts once at a tiny size, so the scripts keep working. It checks the
 * report has every row with figures in it, never how fast anything was.
 */
const dir = mkdtempSync(join(tmpdir(), 'clickstream-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The table row starting with `label`, split into cells. */
function row(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${label}`))
  expect(line, `row "${label}"`).toBeDefined()
  return (line as string)
    .split('|')
    .slice(2, -1)
    .map((c) => c.trim())
}
const hasNumber = (cell: string) => /\d/.test(cell) && !cell.includes('NaN')

describe('pnpm bench --tiny', () => {
  it('size: every script-tag and npm-path row with gzip and brotli figures, and the IIFE goal', async () => {
    const out = join(dir, 'size.md')
    const { markdown } = await runBench({ only: ['size'], tiny: true, out, log: () => {} })
    expect(readFileSync(out, 'utf8')).toBe(markdown)
    for (const label of [
      '@clickstream/sdk-browser this tree `dist/clickstream.min.js`',
      '@segment/analytics-next 1.',
      '@snowplow/browser-tracker 4.',
      '@rudderstack/analytics-js 3.34.1 `dist/npm/modern/umd/index.js`',
      '@rudderstack/analytics-js 3.34.1 `dist/npm/modern/bundled/umd/index.js`',
      'posthog-js 1.',
      '@clickstream/sdk-browser this tree |',
    ]) {
      const cells = row(markdown, label)
      expect(cells).toHaveLength(5)
      for (const cell of cells) expect(hasNumber(cell), `${label}: ${cell}`).toBe(true)
    }
    // Both tables: one row per peer in the npm path too.
    expect(markdown.match(/^\| @segment\/analytics-next /gm)).toHaveLength(2)
    expect(markdown.match(/^\| posthog-js /gm)).toHaveLength(2)
    expect(
      row(markdown, 'browser IIFE ≤ 6 KiB (6,144 B) gzip, with consent (issue 18)')[1],
    ).toMatch(/^\*\*(met|not met)\*\*$/)
    expect(markdown).toContain('tiny smoke run')
  })

  it.runIf(chromiumAvailable())(
    'browser: every metric for both SDKs, and the size section kept from the previous run',
    async () => {
      const out = join(dir, 'size.md')
      const { markdown } = await runBench({ only: ['browser'], tiny: true, out, log: () => {} })
      for (const label of [
        'load: wall time',
        'load: main-thread task time',
        'track() × 50: time in the calls',
        'track() × 50 until all delivered: main-thread',
        'track() × 50 until all delivered: wall',
        'request-body bytes on the wire per event',
        'POST requests per event',
        'CORS preflights per event',
      ]) {
        const cells = row(markdown, label)
        expect(cells).toHaveLength(3)
        for (const cell of cells.slice(0, 2))
          expect(hasNumber(cell), `${label}: ${cell}`).toBe(true)
      }
      // Segment sends one request per event; ours batches.
      expect(row(markdown, 'POST requests per event')[1]).toMatch(/^1\.000/)
      expect(markdown).toContain('<!-- part:size -->')
      expect(markdown).toContain('| browser IIFE ≤ 6 KiB (6,144 B) gzip')
    },
  )

  it("lake: bytes per event both ways, the writer's rows/s, the query cold and warm, the goals", async () => {
    const out = join(dir, 'lake.md')
    const { markdown } = await runBench({ only: ['lake'], tiny: true, out, log: () => {} })
    for (const label of [
      'bytes per event',
      'top pages per day, cold (ms)',
      'top pages per day, warm (ms)',
    ]) {
      const cells = row(markdown, label)
      expect(cells).toHaveLength(3)
      for (const cell of cells) expect(hasNumber(cell), `${label}: ${cell}`).toBe(true)
    }
    expect(hasNumber(row(markdown, 'rows/s per core')[0] as string)).toBe(true)
    expect(hasNumber(row(markdown, '`message_id`')[0] as string)).toBe(true)
    // The same question on both sides: the two queries' rows agree.
    expect(markdown).toContain('Both give the same rows.')
    expect(row(markdown, 'lake: Parquet bytes per event ≤ 0.35×')[1]).toMatch(
      /^\*\*(met|not met)\*\*$/,
    )
  })

  it('enrich: the three measures with their figures and baselines, and its three goals', async () => {
    const out = join(dir, 'enrich.md')
    const { markdown } = await runBench({ only: ['enrich'], tiny: true, out, log: () => {} })
    for (const label of ['cold caches', 'warm caches', 'every IP new']) {
      expect(hasNumber(row(markdown, label)[0] as string), label).toBe(true)
    }
    for (const label of ['before (no enrichment)', 'after, as deployed']) {
      const cells = row(markdown, label)
      expect(cells.every(hasNumber), label).toBe(true)
    }
    expect(markdown).toMatch(/events\/s per core with enrichment, [\d,]+ .* without/)
    for (const goal of ['through enrich', 'drop at most 15 %', 'cold start']) {
      expect(markdown.split('\n').some((l) => l.startsWith('| enrich:') && l.includes(goal))).toBe(
        true,
      )
    }
  })
})
