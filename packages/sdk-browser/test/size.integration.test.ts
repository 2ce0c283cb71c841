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

it('keeps the script-tag IIFE, freshly built, within its size-limit gzip budget', () => {
  // Always rebuild: a change to the rollup or terser settings counts as much as a source change.
  execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: 'ignore' })
  const [iife] = sizeLimit()
  // Issue 18's budget, 6 KiB gzip: size-limit reads "6 KiB" as 6,144 B ("6 KB" would be 6,000 B).
  expect(iife?.sizeLimit).toBe(6144)
  expect(iife?.size).toBeGreaterThan(1000) // a real bundle was measured
  expect(iife?.size).toBeLessThanOrEqual(iife?.sizeLimit ?? 0)
})
