import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

interface Check {
  name: string
  passed: boolean
  size: number
  sizeLimit: number
}

/** size-limit's JSON report; it exits non-zero when a check is over budget, with the same report. */
function sizeLimit(): Check[] {
  try {
    return JSON.parse(
      execFileSync('npx', ['size-limit', '--json'], { cwd: root, encoding: 'utf8' }),
    )
  } catch (error) {
    const { stdout } = error as { stdout?: string }
    if (!stdout?.trim().startsWith('[')) throw error
    return JSON.parse(stdout)
  }
}

it('keeps both script-tag IIFEs, freshly built, within their size-limit gzip budgets', () => {
  // Always rebuild: a change to the rollup or terser settings counts as much as a source change.
  execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: 'ignore' })
  const [iife, segment] = sizeLimit()
  // Issue 18's budget, 6 KiB gzip: size-limit reads "6 KiB" as 6,144 B ("6 KB" would be 6,000 B).
  expect(iife?.sizeLimit).toBe(6144)
  // Issue 19's budget for the build Segment's stock snippet loads (dist/analytics.min.js): 7 KiB.
  expect(segment?.sizeLimit).toBe(7168)
  for (const check of [iife, segment]) {
    expect(check?.size).toBeGreaterThan(1000) // a real bundle was measured
    expect(check?.size).toBeLessThanOrEqual(check?.sizeLimit ?? 0)
  }
})
